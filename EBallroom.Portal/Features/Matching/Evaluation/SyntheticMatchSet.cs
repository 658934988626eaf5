using System.Globalization;

namespace EBallroom.Portal.Features.Matching.Evaluation;

/// <summary>The kinds of registration in the labelled set, and what a safe matcher should do with each.</summary>
public enum Case
{
    Exact, EmailCaseAndSpaces, NameTypo, Nickname, MarriedNameSameEmail, HouseholdMemberOwnEmail,
    NewEmail,
    SameNameStranger, NewHouseholdMember, Stranger,
    Impostor,
    SharedEmailOtherFirstName,
}

public static class Cases
{
    public static readonly Case[] SamePersonSameEmail =
        [Case.Exact, Case.EmailCaseAndSpaces, Case.NameTypo, Case.Nickname, Case.MarriedNameSameEmail, Case.HouseholdMemberOwnEmail];
    public static readonly Case[] Strangers = [Case.SameNameStranger, Case.NewHouseholdMember, Case.Stranger];
    public static bool IsSamePerson(Case c) => SamePersonSameEmail.Contains(c) || c == Case.NewEmail;
}

public sealed record LabelledRegistration(int Id, Case Case, Registration Registration, int? ExpectedClientId);

/// <summary>A studio's clients and registrations whose true identity is known: the matcher's exam. Deterministic per seed.</summary>
public sealed record SyntheticMatchSet(IReadOnlyList<MatchClient> Clients, IReadOnlyList<LabelledRegistration> Registrations)
{
    public static SyntheticMatchSet Generate(int clientCount, int registrationsPerCase, int seed = 2026)
    {
        var generator = new Generator(seed);
        var clients = generator.Clients(clientCount);
        return new SyntheticMatchSet(clients, generator.Registrations(clients, registrationsPerCase));
    }

    private sealed class Generator(int seed)
    {
        private readonly Random _random = new(seed);
        private readonly Dictionary<int, Household> _householdOf = [];
        private readonly List<Household> _households = [];
        private int _emailSerial;
        private int _phoneSerial;
        private Dictionary<string, int> _emailCounts = [];

        private sealed record Household(string LastName, string Phone, string? FamilyEmail, List<MatchClient> Members);

        public List<MatchClient> Clients(int count)
        {
            var clients = new List<MatchClient>(count);
            while (clients.Count < count)
            {
                var last = Pick(LastNames);
                var phone = NewPhone();
                var familyEmail = _random.NextDouble() < 0.10 ? $"{Fold(last)}.family{++_emailSerial}@{Pick(Domains)}" : null;
                var household = new Household(last, phone, familyEmail, []);
                _households.Add(household);
                var adults = _random.Next(1, 3);
                var kids = _random.NextDouble() < 0.35 ? _random.Next(1, 3) : 0;
                for (var m = 0; m < adults + kids && clients.Count < count; m++)
                {
                    var adult = m < adults;
                    var first = PickFirstNameNotIn(household);
                    string? email = adult
                        ? familyEmail ?? (_random.NextDouble() < 0.92 ? NewEmail(first, last) : null)
                        : _random.NextDouble() < 0.3 ? NewEmail(first, last) : null;
                    var memberPhone = adult && _random.NextDouble() < 0.6 ? NewPhone() : _random.NextDouble() < 0.9 ? phone : null;
                    DateOnly? birth = _random.NextDouble() < 0.85 ? BirthDate(adult) : null;
                    var client = new MatchClient(clients.Count + 1, first, last, email, memberPhone, birth);
                    clients.Add(client);
                    household.Members.Add(client);
                    _householdOf[client.Id] = household;
                }
            }
            return clients;
        }

        public List<LabelledRegistration> Registrations(List<MatchClient> clients, int perCase)
        {
            var withEmail = clients.Where(c => c.Email is not null).ToList();
            _emailCounts = withEmail.GroupBy(c => c.NormalizedEmail!).ToDictionary(g => g.Key, g => g.Count());
            var reachable = clients.Where(x => x.BirthDate is not null || x.Phone is not null).ToList();
            var withPhoneAndBirth = clients.Where(x => x.Phone is not null && x.BirthDate is not null).ToList();
            var familyEmails = withEmail.Where(x => _householdOf[x.Id].FamilyEmail == x.Email).ToList();
            var byName = clients.GroupBy(c => (c.FoldedFirst, c.FoldedLast)).ToDictionary(g => g.Key, g => g.ToList());
            var list = new List<LabelledRegistration>();
            void Add(Case kind, Registration r, int? expected) => list.Add(new LabelledRegistration(list.Count + 1, kind, r, expected));

            foreach (var kind in Enum.GetValues<Case>())
            {
                for (var i = 0; i < perCase; i++)
                {
                    switch (kind)
                    {
                        case Case.Exact:
                        {
                            var c = UniqueEmailOwner(withEmail);
                            Add(kind, Typed(c, c.FirstName, c.LastName, c.Email!), c.Id);
                            break;
                        }
                        case Case.EmailCaseAndSpaces:
                        {
                            var c = UniqueEmailOwner(withEmail);
                            Add(kind, Typed(c, c.FirstName, c.LastName, "  " + MixCase(c.Email!) + " "), c.Id);
                            break;
                        }
                        case Case.NameTypo:
                        {
                            var c = UniqueEmailOwner(withEmail, x => x.FoldedFirst.Length >= 5 || x.FoldedLast.Length >= 5);
                            var typoFirst = c.FoldedFirst.Length >= 5 && _random.NextDouble() < 0.5;
                            Add(kind, typoFirst ? Typed(c, Typo(c.FirstName), c.LastName, c.Email!) : Typed(c, c.FirstName, Typo(c.LastName), c.Email!), c.Id);
                            break;
                        }
                        case Case.Nickname:
                        {
                            var c = UniqueEmailOwner(withEmail, x => NicknamesOf.ContainsKey(x.FoldedFirst));
                            Add(kind, Typed(c, Capitalize(Pick(NicknamesOf[c.FoldedFirst])), c.LastName, c.Email!), c.Id);
                            break;
                        }
                        case Case.MarriedNameSameEmail:
                        {
                            var c = UniqueEmailOwner(withEmail, x => x.BirthDate is not null);
                            var newLast = PickOther(LastNames, c.LastName);
                            Add(kind, Typed(c, c.FirstName, newLast, c.Email!, birthChance: 0.9), c.Id);
                            break;
                        }
                        case Case.HouseholdMemberOwnEmail:
                        {
                            var c = UniqueEmailOwner(withEmail, x => _householdOf[x.Id].Members.Count > 1 && _householdOf[x.Id].FamilyEmail is null);
                            Add(kind, Typed(c, c.FirstName, c.LastName, c.Email!), c.Id);
                            break;
                        }
                        case Case.NewEmail:
                        {
                            var c = Pick(reachable);
                            var keepPhone = c.Phone is not null && (c.BirthDate is null || _random.NextDouble() < 0.6);
                            var phone = keepPhone ? Format(c.Phone!) : _random.NextDouble() < 0.5 ? Format(NewPhone()) : null;
                            // People who change their email also type their names their own way now and then.
                            var first = NicknamesOf.TryGetValue(c.FoldedFirst, out var nicknames) && _random.NextDouble() < 0.25 ? Pick(nicknames) : c.FirstName;
                            var last = c.FoldedLast.Length >= 5 && _random.NextDouble() < 0.15 ? Typo(c.LastName) : c.LastName;
                            Add(kind, new Registration(first, last, NewEmail(first, last), phone, c.BirthDate), c.Id);
                            break;
                        }
                        case Case.SameNameStranger:
                        {
                            var c = Pick(clients);
                            var birth = _random.NextDouble() < 0.5 ? BirthDate(adult: true) : (DateOnly?)null;
                            if (birth is not null && byName[(c.FoldedFirst, c.FoldedLast)].Any(x => x.BirthDate == birth)) birth = null;
                            Add(kind, new Registration(c.FirstName, c.LastName, NewEmail(c.FirstName, c.LastName), Format(NewPhone()), birth), null);
                            break;
                        }
                        case Case.NewHouseholdMember:
                        {
                            var household = Pick(_households);
                            var first = PickFirstNameNotIn(household);
                            Add(kind, new Registration(first, household.LastName, NewEmail(first, household.LastName), Format(household.Phone),
                                _random.NextDouble() < 0.7 ? BirthDate(adult: false) : null), null);
                            break;
                        }
                        case Case.Stranger:
                        {
                            var first = Pick(FirstNames);
                            var last = PickOther(LastNames, "") + (_random.NextDouble() < 0.5 ? "" : "-" + Pick(LastNames));
                            Add(kind, new Registration(first, last, NewEmail(first, last), Format(NewPhone()), BirthDate(adult: true)), null);
                            break;
                        }
                        case Case.Impostor:
                        {
                            var c = Pick(withPhoneAndBirth);
                            Add(kind, new Registration(c.FirstName, c.LastName, NewEmail("x" + c.FirstName, c.LastName), Format(c.Phone!), c.BirthDate), null);
                            break;
                        }
                        case Case.SharedEmailOtherFirstName:
                        {
                            var c = Pick(familyEmails.Count > 0 ? familyEmails : withEmail);
                            var household = _householdOf[c.Id];
                            var first = PickFirstNameNotIn(household);
                            Add(kind, new Registration(first, c.LastName, c.Email!, Format(household.Phone), null), null);
                            break;
                        }
                    }
                }
            }
            return list;
        }

        /// <summary>A client whose email no one else in the studio has (shared emails are their own cases).</summary>
        private MatchClient UniqueEmailOwner(List<MatchClient> withEmail, Func<MatchClient, bool>? also = null)
        {
            for (var attempt = 0; ; attempt++)
            {
                var c = Pick(withEmail);
                if ((also is null || also(c)) && _emailCounts[c.NormalizedEmail!] == 1) return c;
                if (attempt > 10_000) throw new InvalidOperationException("The synthetic studio has no client of the kind asked for.");
            }
        }

        private Registration Typed(MatchClient c, string first, string last, string email, double birthChance = 0.8) =>
            new(first, last, email, c.Phone is not null && _random.NextDouble() < 0.8 ? Format(c.Phone) : null,
                _random.NextDouble() < birthChance ? c.BirthDate : null);

        private string Typo(string name)
        {
            var folded = name.ToLowerInvariant();
            for (var attempt = 0; attempt < 20; attempt++)
            {
                var chars = folded.ToCharArray();
                var at = _random.Next(1, chars.Length - 1);
                if (_random.NextDouble() < 0.5) (chars[at], chars[at + 1]) = (chars[at + 1], chars[at]);
                else chars[at] = "aeiourstnl"[_random.Next(10)];
                var typo = new string(chars);
                if (typo != folded && !Nicknames.IsKnownName(MatchKeys.FoldName(typo))) return Capitalize(typo);
            }
            return name;
        }

        private string PickFirstNameNotIn(Household household)
        {
            while (true)
            {
                var name = Pick(FirstNames);
                var folded = MatchKeys.FoldName(name);
                if (household.Members.All(m => m.FoldedFirst != folded && !Nicknames.AreVariants(m.FoldedFirst, folded)
                        && MatchScorer.CompareFirst(m.FoldedFirst, folded) == MatchScorer.NameAgreement.Differs))
                    return name;
            }
        }

        private string NewEmail(string first, string last) => $"{Fold(first)}.{Fold(last)}{++_emailSerial}@{Pick(Domains)}";

        private string NewPhone() => $"+1{Pick(AreaCodes)}{_random.Next(200, 999)}{++_phoneSerial % 10000:0000}";

        /// <summary>How a person types their phone: national format, dots, or international.</summary>
        private string Format(string e164)
        {
            var n = e164[2..];
            return _random.Next(3) switch
            {
                0 => $"({n[..3]}) {n[3..6]}-{n[6..]}",
                1 => $"{n[..3]}.{n[3..6]}.{n[6..]}",
                _ => $"+1 {n[..3]} {n[3..6]} {n[6..]}",
            };
        }

        private DateOnly BirthDate(bool adult) =>
            new DateOnly(2026, 1, 1).AddYears(-(adult ? _random.Next(22, 75) : _random.Next(5, 18))).AddDays(_random.Next(0, 365));

        private string MixCase(string s) => new(s.Select(c => _random.NextDouble() < 0.4 ? char.ToUpperInvariant(c) : c).ToArray());

        private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

        private string PickOther(IReadOnlyList<string> items, string not)
        {
            while (true) { var x = Pick(items); if (x != not) return x; }
        }

        private static string Fold(string s) => MatchKeys.FoldName(s);
        private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpper(s[0], CultureInfo.InvariantCulture) + s[1..];
    }

    private static readonly int[] AreaCodes = [212, 312, 415, 617, 718, 305, 206, 404, 503, 512, 702, 773, 646, 213, 310, 202];
    private static readonly string[] Domains = ["example.com", "example.org", "example.net", "mail.example.com"];

    private static readonly Dictionary<string, string[]> NicknamesOf = new()
    {
        ["robert"] = ["Bob", "Rob", "Bobby"], ["william"] = ["Bill", "Will", "Billy"], ["katherine"] = ["Kate", "Katie", "Kathy"],
        ["elizabeth"] = ["Liz", "Beth", "Betty"], ["margaret"] = ["Maggie", "Peggy", "Meg"], ["michael"] = ["Mike", "Mikey"],
        ["james"] = ["Jim", "Jimmy", "Jamie"], ["jennifer"] = ["Jen", "Jenny"], ["christopher"] = ["Chris"], ["daniel"] = ["Dan", "Danny"],
        ["thomas"] = ["Tom", "Tommy"], ["richard"] = ["Rick", "Rich", "Dick"], ["joseph"] = ["Joe", "Joey"], ["patricia"] = ["Pat", "Patty", "Trish"],
        ["susan"] = ["Sue", "Susie"], ["jessica"] = ["Jess"], ["samantha"] = ["Sam"], ["alexander"] = ["Alex"], ["nicholas"] = ["Nick"],
        ["matthew"] = ["Matt"], ["anthony"] = ["Tony"], ["andrew"] = ["Andy", "Drew"], ["benjamin"] = ["Ben", "Benny"],
        ["rebecca"] = ["Becky", "Becca"], ["victoria"] = ["Vicky", "Tori"], ["timothy"] = ["Tim"], ["gregory"] = ["Greg"],
        ["kenneth"] = ["Ken", "Kenny"], ["abigail"] = ["Abby"], ["edward"] = ["Ed", "Eddie", "Ted"], ["deborah"] = ["Debbie", "Deb"],
    };

    private static readonly string[] FirstNames =
    [
        "Robert", "William", "Katherine", "Elizabeth", "Margaret", "Michael", "James", "Jennifer", "Christopher", "Daniel", "Thomas",
        "Richard", "Joseph", "Patricia", "Susan", "Jessica", "Samantha", "Alexander", "Nicholas", "Matthew", "Anthony", "Andrew",
        "Benjamin", "Rebecca", "Victoria", "Timothy", "Gregory", "Kenneth", "Abigail", "Edward", "Deborah", "Olivia", "Emma", "Ava",
        "Sophia", "Isabella", "Mia", "Charlotte", "Amelia", "Harper", "Evelyn", "Liam", "Noah", "Oliver", "Elijah", "Lucas", "Mason",
        "Logan", "Ethan", "Aiden", "Chloe", "Zoe", "Priya", "Wei", "Yuki", "Mateo", "Camila", "Fatima", "Hiroshi", "Siobhan", "Dmitri",
        "José", "Zoë", "Chloé", "Renée", "Ingrid", "Astrid", "Kwame", "Amara", "Tariq", "Leila", "Nadia", "Omar", "Ravi", "Anika",
        "Soren", "Freya", "Malik", "Imani", "Diego", "Lucia", "Marco", "Giulia", "Pierre", "Colette", "Hannah", "Grace", "Lily",
        "Nora", "Ruby", "Stella", "Violet", "Aurora", "Hazel", "Caleb", "Isaac", "Nathan", "Aaron", "Connor", "Dylan", "Gavin",
    ];

    private static readonly string[] LastNames =
    [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez",
        "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White",
        "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres",
        "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts",
        "O'Brien", "Müller", "Kowalski", "Rossi", "Dubois", "Tanaka", "Ivanova", "Smith-Jones", "MacDonald", "Chen", "Singh",
        "Andersson", "Okafor", "Haddad", "Novak", "Schmidt", "Fischer", "Weber", "Becker", "Hoffmann", "Kaminski", "Lindqvist",
        "Petrov", "Sokolov", "Yamamoto", "Nakamura", "Kobayashi", "Park", "Choi", "Kang", "Patel", "Shah", "Mehta", "Iyer",
        "Gallagher", "Murphy", "Kelly", "Sullivan", "Walsh", "Byrne", "Ryan", "Doyle", "McCarthy", "Quinn", "Fitzgerald", "Duffy",
        "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno", "Gallo", "Conti", "Esposito", "Moreau", "Laurent",
        "Lefebvre", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent", "Silva", "Santos", "Oliveira",
        "Pereira", "Costa", "Almeida", "Ferreira", "Carvalho", "Gomes", "Ribeiro", "Mendoza", "Vargas", "Castillo", "Jimenez",
        "Moreno", "Romero", "Alvarez", "Ruiz", "Ortiz", "Morales", "Gutierrez", "Chavez", "Ramos", "Reyes", "Cruz", "Herrera",
    ];
}

using EBallroom.Portal.Features.Clients;
using EBallroom.Portal.Features.Staff;
using EBallroom.Portal.Features.Studios;
using EBallroom.Portal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace EBallroom.Portal.Features.Demo;

/// <summary>
/// First start in Development with an empty database: a demo studio with realistic clients and a studio admin,
/// so a newcomer can sign in and look around at once.
/// </summary>
public sealed class DemoSeeder(IDbContextFactory<PortalDbContext> dbFactory, StudioService studios, StaffAccounts staff, TimeProvider time)
{
    public const string StudioName = "Demo Dance Studio";
    public const string AdminEmail = "admin@demo-dance-studio.example";
    public const string AdminPassword = "waltz-tango-foxtrot";
    public const int ClientCount = 200;

    public async Task<bool> SeedIfEmptyAsync(CancellationToken cancellationToken = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (await db.Studios.AnyAsync(cancellationToken)) return false;
        }
        var studio = await studios.CreateAsync(StudioName, StudioSettings.Default, cancellationToken);
        var created = await staff.CreateAsync(studio.IdNumber, AdminEmail, AdminPassword, admin: true, displayName: "Demo Admin");
        if (!created.Succeeded) throw new InvalidOperationException("Seeding the demo admin failed: " + created.Error);

        await using var write = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var details in DemoClients(ClientCount, DateOnly.FromDateTime(now)))
        {
            var valid = ClientRules.Validate(details, studio.PhoneRegion, DateOnly.FromDateTime(now)).Value
                ?? throw new InvalidOperationException("A demo client did not validate.");
            write.Clients.Add(Client.Create(studio.Id, valid, now));
        }
        await write.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Deterministic, realistic clients: a few without email and a couple who share one.</summary>
    public static IEnumerable<ClientDetails> DemoClients(int count, DateOnly today)
    {
        var random = new Random(2026);
        var usedEmails = new HashSet<string>();
        for (var i = 0; i < count; i++)
        {
            var first = FirstNames[random.Next(FirstNames.Length)];
            var last = LastNames[random.Next(LastNames.Length)];
            string? email = $"{first}.{last}".ToLowerInvariant().Replace("'", "").Replace(" ", "") + "@" + Domains[random.Next(Domains.Length)];
            if (!usedEmails.Add(email)) email = email.Replace("@", $"{i}@");
            if (i % 40 == 7) email = null;
            var phone = $"({AreaCodes[random.Next(AreaCodes.Length)]}) 555-{random.Next(100, 200):0000}";
            DateOnly? birth = i % 5 == 3 ? null : today.AddYears(-random.Next(16, 80)).AddDays(-random.Next(0, 365));
            yield return new ClientDetails(first, last, email, phone, birth, ExternalId: $"DEMO-{i + 1:0000}");
        }
        // A married couple sharing one family email: auto-generate and the matcher must treat it as a conflict.
        yield return new ClientDetails("Daniel", "Okafor", "okafor.family@example.com", "(312) 555-0142", new DateOnly(1984, 4, 12), ExternalId: "DEMO-9001");
        yield return new ClientDetails("Grace", "Okafor", "okafor.family@example.com", "(312) 555-0143", new DateOnly(1986, 9, 30), ExternalId: "DEMO-9002");
    }

    private static readonly string[] FirstNames =
    [
        "Olivia", "Liam", "Emma", "Noah", "Ava", "Oliver", "Sophia", "Elijah", "Isabella", "James", "Mia", "William", "Amelia",
        "Benjamin", "Harper", "Lucas", "Evelyn", "Henry", "Abigail", "Alexander", "Emily", "Daniel", "Elizabeth", "Michael",
        "Sofia", "Mateo", "Camila", "Sebastian", "Chloé", "Jack", "Zoë", "Owen", "Aaliyah", "Samuel", "Priya", "Wei", "Yuki",
        "Robert", "Katherine", "José", "Margaret", "Hiroshi", "Fatima", "Dmitri", "Siobhan", "Bob", "Kate", "Bill", "Peggy",
    ];

    private static readonly string[] LastNames =
    [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez",
        "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson",
        "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "O'Brien", "Nguyen", "Kim", "Patel", "Müller",
        "Kowalski", "Rossi", "Dubois", "Tanaka", "Ivanova", "Smith-Jones", "MacDonald", "Chen", "Singh", "Andersson",
    ];

    private static readonly int[] AreaCodes = [212, 312, 415, 617, 718, 305, 206, 404, 503, 512, 702, 773];

    private static readonly string[] Domains = ["example.com", "example.org", "example.net", "mail.example.com"];
}

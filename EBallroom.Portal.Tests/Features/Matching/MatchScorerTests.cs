using EBallroom.Portal.Features.Matching;

namespace EBallroom.Portal.Tests.Features.Matching;

public class MatchScorerTests
{
    private static MatchClient Client(int id, string first, string last, string? email, string? phone = null, DateOnly? birth = null) =>
        new(id, first, last, email, phone, birth);

    private static MatchResult Match(Registration r, params MatchClient[] clients) => new MatchIndex(clients, "US").Match(r);

    private static readonly DateOnly Birth = new(1980, 4, 12);

    [Fact]
    public void The_same_email_and_name_links_and_says_why_field_by_field()
    {
        var result = Match(new Registration("Robert", "Smith", "rob@example.com", "(212) 555-0142", Birth),
            Client(1, "Robert", "Smith", "rob@example.com", "+12125550142", Birth));

        Assert.Equal((MatchDecision.Link, (int?)1), (result.Decision, result.LinkedClientId));
        Assert.Equal("email: same address; first name: same; last name: same; phone: same number, other format; birth date: same",
            result.Top!.Explanation);
        Assert.Equal(1.0, result.Top.Score);
    }

    [Fact]
    public void Email_case_and_spaces_do_not_matter_but_dots_and_plus_tags_do()
    {
        var client = Client(1, "Ana", "Lopez", "ana.lopez@example.com");

        Assert.Equal(MatchDecision.Link, Match(new Registration("Ana", "Lopez", "  Ana.Lopez@EXAMPLE.com "), client).Decision);
        Assert.Contains("same address, other case or spacing", Match(new Registration("Ana", "Lopez", " Ana.Lopez@EXAMPLE.com"), client).Top!.Explanation);
        Assert.NotEqual(MatchDecision.Link, Match(new Registration("Ana", "Lopez", "analopez@example.com"), client).Decision);
        Assert.NotEqual(MatchDecision.Link, Match(new Registration("Ana", "Lopez", "ana.lopez+dance@example.com"), client).Decision);
    }

    [Theory]
    [InlineData("Bob", "Robert", "first name: Bob is a nickname of Robert")]
    [InlineData("Robert", "Bobby", "first name: Bobby is a nickname of Robert")]
    [InlineData("Kate", "Katie", "first name: Kate and Katie are forms of one name")]
    [InlineData("Jonh", "John", "first name: close spelling (Jonh / John)")]
    [InlineData("Zoë", "Zoe", "first name: same")]
    public void Nicknames_typos_and_accents_still_link_with_the_same_email(string typed, string onFile, string reason)
    {
        var result = Match(new Registration(typed, "Smith", "x@example.com"), Client(1, onFile, "Smith", "x@example.com"));

        Assert.Equal(MatchDecision.Link, result.Decision);
        Assert.Contains(reason, result.Top!.Explanation);
    }

    [Theory]
    [InlineData("Maria", "Marie")]
    [InlineData("Dan", "Dana")]
    [InlineData("Eric", "Erin")]
    public void Two_real_names_a_letter_apart_are_two_people_and_never_link(string typed, string onFile)
    {
        var result = Match(new Registration(typed, "Okafor", "family@example.com"), Client(1, onFile, "Okafor", "family@example.com"));

        Assert.NotEqual(MatchDecision.Link, result.Decision);
        Assert.Contains("first name: differs", result.Top!.Explanation);
    }

    [Fact]
    public void Name_phone_and_birth_date_without_the_email_is_what_an_impostor_knows_and_goes_to_review()
    {
        var result = Match(new Registration("Grace", "Okafor", "attacker@example.net", "312-555-0143", Birth),
            Client(7, "Grace", "Okafor", "grace@example.com", "+13125550143", Birth));

        Assert.Equal(MatchDecision.Review, result.Decision);
        Assert.Null(result.LinkedClientId);
        Assert.Equal(7, result.Top!.ClientId);
        Assert.Contains("email: differs", result.Top.Explanation);
    }

    [Fact]
    public void A_shared_family_email_links_only_the_member_whose_first_name_agrees()
    {
        MatchClient[] family = [Client(1, "Daniel", "Okafor", "okafor@example.com"), Client(2, "Grace", "Okafor", "okafor@example.com")];

        Assert.Equal(2, Match(new Registration("Grace", "Okafor", "okafor@example.com"), family).LinkedClientId);
        var stranger = Match(new Registration("Tobi", "Okafor", "okafor@example.com"), family);
        Assert.NotEqual(MatchDecision.Link, stranger.Decision);
        Assert.Equal([1, 2], stranger.Candidates.Select(c => c.ClientId).Order());
    }

    [Fact]
    public void Two_clients_who_would_both_link_go_to_review()
    {
        var result = Match(new Registration("John", "Smith", "smiths@example.com"),
            Client(1, "John", "Smith", "smiths@example.com", birth: new DateOnly(1950, 1, 1)),
            Client(2, "John", "Smith", "smiths@example.com", birth: new DateOnly(1980, 1, 1)));

        Assert.Equal(MatchDecision.Review, result.Decision);
    }

    [Fact]
    public void A_different_birth_date_blocks_a_link_even_with_the_same_email_and_name()
    {
        var result = Match(new Registration("John", "Smith", "smiths@example.com", BirthDate: new DateOnly(2001, 5, 5)),
            Client(1, "John", "Smith", "smiths@example.com", birth: new DateOnly(1970, 5, 5)));

        Assert.NotEqual(MatchDecision.Link, result.Decision);
        Assert.Contains("birth date: differs", result.Top!.Explanation);
    }

    [Fact]
    public void A_married_name_links_with_the_same_email_only_when_the_birth_date_agrees()
    {
        var client = Client(1, "Jessica", "Ortiz", "jess@example.com", birth: Birth);

        Assert.Equal(MatchDecision.Link, Match(new Registration("Jessica", "Ferreira", "jess@example.com", BirthDate: Birth), client).Decision);
        Assert.Equal(MatchDecision.Review, Match(new Registration("Jessica", "Ferreira", "jess@example.com"), client).Decision);
    }

    [Fact]
    public void A_same_name_stranger_is_new_and_nobody_alike_is_new_with_no_candidates()
    {
        var client = Client(1, "James", "Smith", "james@example.com", "+12125550100", Birth);

        var sameName = Match(new Registration("James", "Smith", "other@example.com", "646 555 0199", new DateOnly(1999, 1, 1)), client);
        var nobody = Match(new Registration("Yuki", "Tanaka", "yuki@example.com"), client);

        Assert.Equal(MatchDecision.New, sameName.Decision);
        Assert.Equal((MatchDecision.New, 0), (nobody.Decision, nobody.Candidates.Count));
    }

    [Fact]
    public void At_most_five_candidates_come_back_best_first()
    {
        var clients = Enumerable.Range(1, 9).Select(i => Client(i, "Ana", "Lopez", $"a{i}@example.com", "+12125550142", i == 4 ? Birth : null)).ToArray();

        var result = Match(new Registration("Ana", "Lopez", "new@example.com", "212 555 0142", Birth), clients);

        Assert.Equal(5, result.Candidates.Count);
        Assert.Equal(4, result.Top!.ClientId);
        Assert.True(result.Candidates.Zip(result.Candidates.Skip(1)).All(p => p.First.Score >= p.Second.Score));
    }
}

public class MatchKeysTests
{
    [Theory]
    [InlineData("Robert", "R163")]
    [InlineData("Rupert", "R163")]
    [InlineData("Ashcraft", "A261")]
    [InlineData("Tymczak", "T522")]
    [InlineData("Pfister", "P236")]
    [InlineData("O'Brien", "O165")]
    [InlineData("Lee", "L000")]
    public void Soundex_follows_the_american_rules(string name, string code) =>
        Assert.Equal(code, MatchKeys.Soundex(MatchKeys.FoldName(name)));

    [Fact]
    public void Names_fold_case_accents_punctuation_hyphens_and_apostrophes()
    {
        Assert.Equal("obriensmith", MatchKeys.FoldName(" O'Brien-Smith "));
        Assert.Equal("muller", MatchKeys.FoldName("Müller"));
        Assert.Equal("strasse", MatchKeys.FoldName("Straße"));
        Assert.Equal("", MatchKeys.FoldName("--- 123"));
    }

    [Fact]
    public void Nicknames_share_the_first_name_key_of_their_formal_name()
    {
        Assert.Equal(MatchKeys.FirstNameKey("Robert"), MatchKeys.FirstNameKey("Bob"));
        Assert.Equal(MatchKeys.FirstNameKey("William"), MatchKeys.FirstNameKey("Bill"));
        Assert.Equal(MatchKeys.FirstNameKey("Katherine"), MatchKeys.FirstNameKey("Kate"));
        Assert.Equal(MatchKeys.FirstNameKey("Katherine"), MatchKeys.FirstNameKey("Catherine"));
        Assert.NotEqual(MatchKeys.FirstNameKey("Robert"), MatchKeys.FirstNameKey("William"));
    }

    [Fact]
    public void Phones_normalise_to_E164_for_the_region_or_fall_back_to_digits()
    {
        Assert.Equal("+12125550142", MatchKeys.NormalizePhone("(212) 555-0142", "US"));
        Assert.Equal("+442079460958", MatchKeys.NormalizePhone("020 7946 0958", "GB"));
        Assert.Equal("5550142", MatchKeys.NormalizePhone("555-0142", "US"));
        Assert.Null(MatchKeys.NormalizePhone("12", "US"));
        Assert.Null(MatchKeys.NormalizePhone("  ", "US"));
    }

    [Fact]
    public void Emails_are_only_trimmed_and_case_folded()
    {
        Assert.Equal("a.b+c@example.com", MatchKeys.NormalizeEmail("  A.B+C@Example.COM "));
        Assert.Null(MatchKeys.NormalizeEmail(" "));
    }
}

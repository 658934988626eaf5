using EBallroom.Portal.Features.Clients;

namespace EBallroom.Portal.Tests.Features.Clients;

public class ClientRulesTests
{
    private static readonly DateOnly Today = new(2026, 12, 3);

    private static ClientValidation Validate(ClientDetails d, string region = "US") => ClientRules.Validate(d, region, Today);

    [Fact]
    public void A_complete_client_is_trimmed_and_its_phone_stored_as_E164()
    {
        var result = Validate(new ClientDetails("  Ana ", " Lopez ", " ana@example.com ", "(212) 555-0142", new DateOnly(1990, 5, 1)));

        Assert.True(result.IsValid);
        Assert.Equal("Ana", result.Value!.FirstName);
        Assert.Equal("Lopez", result.Value.LastName);
        Assert.Equal("ana@example.com", result.Value.Email);
        Assert.Equal("+12125550142", result.Value.Phone);
    }

    [Theory]
    [InlineData(null, "Lopez", "FirstName")]
    [InlineData("   ", "Lopez", "FirstName")]
    [InlineData("Ana", "", "LastName")]
    [InlineData("Ana", "\t\n", "LastName")]
    public void Names_are_required(string? first, string? last, string field)
    {
        var result = Validate(new ClientDetails(first, last));

        Assert.False(result.IsValid);
        Assert.Contains("required", result.ErrorFor(field));
    }

    [Fact]
    public void Names_longer_than_the_limit_are_refused_with_the_limit_named()
    {
        var result = Validate(new ClientDetails(new string('a', ClientRules.NameMaxLength + 1), "Lopez"));

        Assert.Equal($"First name has at most {ClientRules.NameMaxLength} characters.", result.ErrorFor("FirstName"));
    }

    [Theory]
    [InlineData("ana")]
    [InlineData("ana@")]
    [InlineData("@example.com")]
    [InlineData("ana@example")]
    [InlineData("ana example@example.com")]
    [InlineData("Ana <ana@example.com>")]
    [InlineData("ana@@example.com")]
    [InlineData("ana@example.com.")]
    public void Malformed_emails_are_refused(string email)
    {
        Assert.Contains("not a valid address", Validate(new ClientDetails("Ana", "Lopez", email)).ErrorFor("Email"));
    }

    [Fact]
    public void An_email_over_254_characters_is_refused()
    {
        var email = new string('a', 250) + "@example.com";
        Assert.NotNull(Validate(new ClientDetails("Ana", "Lopez", email)).ErrorFor("Email"));
    }

    [Theory]
    [InlineData("555")]
    [InlineData("not a phone")]
    [InlineData("+999 123")]
    [InlineData("(012) 345-6789")]
    public void Phones_that_do_not_parse_for_the_region_are_refused(string phone)
    {
        Assert.Contains("not a valid number", Validate(new ClientDetails("Ana", "Lopez", Phone: phone)).ErrorFor("Phone"));
    }

    [Fact]
    public void A_phone_is_read_in_the_studios_region_and_a_foreign_one_needs_its_country_code()
    {
        Assert.Equal("+442079460958", Validate(new ClientDetails("Ana", "Lopez", Phone: "020 7946 0958"), "GB").Value!.Phone);
        Assert.Equal("+442079460958", Validate(new ClientDetails("Ana", "Lopez", Phone: "+44 20 7946 0958"), "US").Value!.Phone);
        Assert.False(Validate(new ClientDetails("Ana", "Lopez", Phone: "020 7946 0958"), "US").IsValid);
    }

    [Fact]
    public void Birth_dates_in_the_future_or_before_1900_are_refused()
    {
        Assert.Contains("future", Validate(new ClientDetails("Ana", "Lopez", BirthDate: Today.AddDays(1))).ErrorFor("BirthDate"));
        Assert.NotNull(Validate(new ClientDetails("Ana", "Lopez", BirthDate: new DateOnly(1899, 12, 31))).ErrorFor("BirthDate"));
        Assert.True(Validate(new ClientDetails("Ana", "Lopez", BirthDate: Today)).IsValid);
    }

    [Fact]
    public void Control_characters_are_dropped_and_hostile_text_is_kept_as_plain_text()
    {
        var result = Validate(new ClientDetails("An\u0000a", "<script>alert(1)</script>", Notes: "'; DROP TABLE Clients; --"));

        Assert.Equal("Ana", result.Value!.FirstName);
        Assert.Equal("<script>alert(1)</script>", result.Value.LastName);
        Assert.Equal("'; DROP TABLE Clients; --", result.Value.Notes);
    }

    [Fact]
    public void Every_invalid_field_is_reported_at_once()
    {
        var result = Validate(new ClientDetails("", "", "bad", "12", Today.AddYears(1)));

        Assert.Equal(["BirthDate", "Email", "FirstName", "LastName", "Phone"], result.Errors.Keys.Order().ToArray());
    }
}

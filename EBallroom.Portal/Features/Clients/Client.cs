namespace EBallroom.Portal.Features.Clients;

/// <summary>A customer of one studio. Created and changed only from validated <see cref="ClientDetails"/>.</summary>
public sealed class Client
{
    private Client() { }

    public int Id { get; private set; }
    public int StudioId { get; private set; }
    public string FirstName { get; private set; } = "";
    public string LastName { get; private set; } = "";
    public string? Email { get; private set; }

    /// <summary>Trimmed and case-folded email, the key the matcher and auto-generation look clients up by.</summary>
    public string? NormalizedEmail { get; private set; }

    /// <summary>E.164 when the number parsed for the studio's region.</summary>
    public string? Phone { get; private set; }
    public DateOnly? BirthDate { get; private set; }
    public PostalAddress Address { get; private set; } = PostalAddress.Empty;
    public string? Notes { get; private set; }

    /// <summary>The client's id in the studio's previous system; CSV re-imports update by it.</summary>
    public string? ExternalId { get; private set; }

    /// <summary>Phonetic keys of the first name (through its formal form: Bob → Robert) and of the last name: the matcher's index.</summary>
    public string FirstNameKey { get; private set; } = "";
    public string LastNameKey { get; private set; } = "";

    /// <summary>Folded name, email and phone digits: what the clients grid searches.</summary>
    public string SearchText { get; private set; } = "";
    public DateTime CreatedAtUtc { get; private set; }
    public DateTime UpdatedAtUtc { get; private set; }

    /// <summary>Changes on every update so that two staff editing one client cannot overwrite each other silently.</summary>
    public Guid Version { get; private set; }

    public static Client Create(int studioId, ValidClientDetails details, DateTime nowUtc)
    {
        var client = new Client { StudioId = studioId, CreatedAtUtc = nowUtc };
        client.Apply(details, nowUtc);
        return client;
    }

    public void Update(ValidClientDetails details, DateTime nowUtc) => Apply(details, nowUtc);

    /// <summary>An import row carries only some of the fields; the others (address, notes) keep their values.</summary>
    public void UpdateFromImport(ValidClientDetails imported, DateTime nowUtc) =>
        Apply(imported with { Address = Address, Notes = Notes }, nowUtc);

    public bool SameAs(ValidClientDetails details) =>
        FirstName == details.FirstName && LastName == details.LastName && Email == details.Email && Phone == details.Phone
        && BirthDate == details.BirthDate && Address == details.Address && Notes == details.Notes && ExternalId == details.ExternalId;

    private void Apply(ValidClientDetails d, DateTime nowUtc)
    {
        FirstName = d.FirstName;
        LastName = d.LastName;
        Email = d.Email;
        NormalizedEmail = d.Email?.ToLowerInvariant();
        Phone = d.Phone;
        BirthDate = d.BirthDate;
        Address = d.Address;
        Notes = d.Notes;
        ExternalId = d.ExternalId;
        SearchText = ClientSearch.BuildSearchText(d.FirstName, d.LastName, d.Email, d.Phone);
        FirstNameKey = Matching.MatchKeys.FirstNameKey(d.FirstName);
        LastNameKey = Matching.MatchKeys.LastNameKey(d.LastName);
        UpdatedAtUtc = nowUtc;
        Version = Guid.NewGuid();
    }
}

public sealed record PostalAddress(string? Line1, string? Line2, string? City, string? State, string? PostalCode)
{
    public static PostalAddress Empty { get; } = new(null, null, null, null, null);

    public override string ToString() =>
        string.Join(", ", new[] { Line1, Line2, City, string.Join(" ", new[] { State, PostalCode }.Where(s => !string.IsNullOrEmpty(s))) }
            .Where(s => !string.IsNullOrEmpty(s)));
}

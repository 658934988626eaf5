namespace EBallroom.Portal.Features.Clients;

/// <summary>The dialog's editable copy of a client; the rules run on <see cref="ToDetails"/>, not on these setters.</summary>
public sealed class ClientForm
{
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public DateTime? BirthDate { get; set; }
    public string? AddressLine1 { get; set; }
    public string? AddressLine2 { get; set; }
    public string? City { get; set; }
    public string? State { get; set; }
    public string? PostalCode { get; set; }
    public string? Notes { get; set; }
    public string? ExternalId { get; set; }

    public static ClientForm From(ClientRow row) => new()
    {
        FirstName = row.FirstName, LastName = row.LastName, Email = row.Email, Phone = row.PhoneDisplay,
        BirthDate = row.BirthDate?.ToDateTime(TimeOnly.MinValue),
        AddressLine1 = row.Address.Line1, AddressLine2 = row.Address.Line2, City = row.Address.City,
        State = row.Address.State, PostalCode = row.Address.PostalCode, Notes = row.Notes, ExternalId = row.ExternalId,
    };

    public ClientDetails ToDetails() => new(FirstName, LastName, Email, Phone,
        BirthDate is { } d ? DateOnly.FromDateTime(d) : null,
        new PostalAddress(AddressLine1, AddressLine2, City, State, PostalCode), Notes, ExternalId);
}

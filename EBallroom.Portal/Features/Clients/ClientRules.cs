using System.Net.Mail;
using EBallroom.Portal.Infrastructure.Text;

namespace EBallroom.Portal.Features.Clients;

/// <summary>What a client's details may be typed as, by staff in the dialog or in a CSV file.</summary>
public sealed record ClientDetails(
    string? FirstName,
    string? LastName,
    string? Email = null,
    string? Phone = null,
    DateOnly? BirthDate = null,
    PostalAddress? Address = null,
    string? Notes = null,
    string? ExternalId = null);

/// <summary>Details that passed <see cref="ClientRules.Validate"/>: trimmed, empty strings as null, phone in E.164.</summary>
public sealed record ValidClientDetails(
    string FirstName,
    string LastName,
    string? Email,
    string? Phone,
    DateOnly? BirthDate,
    PostalAddress Address,
    string? Notes,
    string? ExternalId);

public sealed record ClientValidation(ValidClientDetails? Value, IReadOnlyDictionary<string, string> Errors)
{
    public bool IsValid => Value is not null;
    public string? ErrorFor(string field) => Errors.GetValueOrDefault(field);
}

public static class ClientRules
{
    public const int NameMaxLength = 100;
    public const int EmailMaxLength = 254;
    public const int PhoneMaxLength = 32;
    public const int NotesMaxLength = 4000;
    public const int ExternalIdMaxLength = 64;
    public const int AddressLineMaxLength = 200;
    public const int CityMaxLength = 100;
    public const int StateMaxLength = 100;
    public const int PostalCodeMaxLength = 20;
    public static readonly DateOnly EarliestBirthDate = new(1900, 1, 1);

    public static ClientValidation Validate(ClientDetails input, string phoneRegion, DateOnly today)
    {
        var errors = new Dictionary<string, string>();
        var first = Required(input.FirstName, nameof(input.FirstName), "First name", NameMaxLength, errors);
        var last = Required(input.LastName, nameof(input.LastName), "Last name", NameMaxLength, errors);

        var email = Optional(input.Email, nameof(input.Email), "Email", EmailMaxLength, errors);
        if (email is not null && !IsValidEmail(email))
            errors[nameof(input.Email)] = "Email is not a valid address (like name@example.com).";

        string? phone = null;
        var rawPhone = Optional(input.Phone, nameof(input.Phone), "Phone", PhoneMaxLength, errors);
        if (rawPhone is not null)
        {
            phone = PhoneFormat.ToE164(rawPhone, phoneRegion);
            if (phone is null) errors[nameof(input.Phone)] = $"Phone is not a valid number for region {phoneRegion} (add a + and the country code for a foreign number).";
        }

        if (input.BirthDate is { } birth && (birth > today || birth < EarliestBirthDate))
            errors[nameof(input.BirthDate)] = birth > today ? "Birth date cannot be in the future." : "Birth date must be after 1900.";

        var address = input.Address ?? PostalAddress.Empty;
        address = new PostalAddress(
            Optional(address.Line1, "AddressLine1", "Address line 1", AddressLineMaxLength, errors),
            Optional(address.Line2, "AddressLine2", "Address line 2", AddressLineMaxLength, errors),
            Optional(address.City, "City", "City", CityMaxLength, errors),
            Optional(address.State, "State", "State", StateMaxLength, errors),
            Optional(address.PostalCode, "PostalCode", "Postal code", PostalCodeMaxLength, errors));
        var notes = Optional(input.Notes, nameof(input.Notes), "Notes", NotesMaxLength, errors);
        var externalId = Optional(input.ExternalId, nameof(input.ExternalId), "Client id", ExternalIdMaxLength, errors);

        return errors.Count > 0
            ? new ClientValidation(null, errors)
            : new ClientValidation(new ValidClientDetails(first!, last!, email, phone, input.BirthDate, address, notes, externalId), errors);
    }

    public static bool IsValidEmail(string email) =>
        email.Length <= EmailMaxLength
        && !email.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
        && MailAddress.TryCreate(email, out var parsed)
        && parsed.Address == email
        && parsed.DisplayName.Length == 0
        && parsed.Host.Contains('.') && !parsed.Host.StartsWith('.') && !parsed.Host.EndsWith('.');

    private static string? Required(string? value, string field, string label, int max, Dictionary<string, string> errors)
    {
        var v = Optional(value, field, label, max, errors);
        if (v is null && !errors.ContainsKey(field)) errors[field] = $"{label} is required.";
        return v;
    }

    private static string? Optional(string? value, string field, string label, int max, Dictionary<string, string> errors)
    {
        var v = TextFolding.Clean(value);
        if (v is null) return null;
        if (v.Length > max) { errors[field] = $"{label} has at most {max} characters."; return null; }
        return v;
    }
}

using System.Security.Cryptography;

namespace EBallroom.Portal.Features.Studios;

/// <summary>A dance studio: one tenant of the installation.</summary>
public sealed class Studio
{
    public const int NameMaxLength = 120;
    public const int IdNumberLength = 6;

    private Studio() { }

    public int Id { get; private set; }
    public string Name { get; private set; } = "";

    /// <summary>The number customers type at the shared portal's legacy registration form.</summary>
    public string IdNumber { get; private set; } = "";

    public StudioSettings Settings { get; private set; } = StudioSettings.Default;
    public DateTime CreatedAtUtc { get; private set; }

    public static Studio Create(string name, string idNumber, DateTime nowUtc, StudioSettings? settings = null)
    {
        var studio = new Studio { IdNumber = RequireIdNumber(idNumber), CreatedAtUtc = nowUtc, Settings = settings ?? StudioSettings.Default };
        studio.Rename(name);
        return studio;
    }

    public void Rename(string name)
    {
        var trimmed = (name ?? "").Trim();
        if (trimmed.Length == 0) throw new ArgumentException("A studio needs a name.", nameof(name));
        if (trimmed.Length > NameMaxLength) throw new ArgumentException($"A studio name has at most {NameMaxLength} characters.", nameof(name));
        Name = trimmed;
    }

    public static bool IsValidIdNumber(string? value) =>
        value is { Length: IdNumberLength } && value.All(char.IsAsciiDigit) && value[0] != '0';

    /// <summary>A random 6-digit number that does not start with 0, so that it survives spreadsheets.</summary>
    public static string NewIdNumber() => RandomNumberGenerator.GetInt32(100_000, 1_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string RequireIdNumber(string idNumber) =>
        IsValidIdNumber(idNumber) ? idNumber : throw new ArgumentException("A studio ID number has 6 digits.", nameof(idNumber));
}

/// <summary>Per-studio settings. PhoneRegion is the ISO 3166 region used to read phone numbers written without a country code.</summary>
public sealed record StudioSettings(string PhoneRegion)
{
    public static StudioSettings Default { get; } = new("US");
}

using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EBallroom.Portal.Features.Registration;

public enum RegistrationSource { MagicLink = 0, StudioIdNumber = 1 }

/// <summary>
/// A submitted registration waiting for its owner to prove the email is theirs. Holds the form (the chosen password
/// only as Identity's hash) and the SHA-256 hash of the emailed token: single use, expiring.
/// </summary>
public sealed class PendingRegistration
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    private PendingRegistration() { }

    public long Id { get; private set; }

    /// <summary>Null when the studio ID number typed matched no studio: the email says so, nothing else happens.</summary>
    public int? StudioId { get; private set; }
    public RegistrationSource Source { get; private set; }
    public string FirstName { get; private set; } = "";
    public string LastName { get; private set; } = "";
    public string Email { get; private set; } = "";
    public string? Phone { get; private set; }
    public DateOnly? BirthDate { get; private set; }

    /// <summary>Null when the email already had an account: its owner signs in with their own password instead.</summary>
    public string? PasswordHash { get; private set; }
    public string TokenHash { get; private set; } = "";
    public DateTime CreatedAtUtc { get; private set; }
    public DateTime ExpiresAtUtc { get; private set; }
    public DateTime? ConfirmedAtUtc { get; private set; }

    public bool ForExistingAccount => PasswordHash is null;

    public static (PendingRegistration Pending, string Token) Create(int? studioId, RegistrationSource source, Matching.Registration form,
        string? passwordHash, DateTime nowUtc)
    {
        var token = NewToken();
        return (new PendingRegistration
        {
            StudioId = studioId,
            Source = source,
            FirstName = form.FirstName,
            LastName = form.LastName,
            Email = form.Email,
            Phone = form.Phone,
            BirthDate = form.BirthDate,
            PasswordHash = passwordHash,
            TokenHash = RegistrationLink.Hash(token),
            CreatedAtUtc = nowUtc,
            ExpiresAtUtc = nowUtc + Lifetime,
        }, token);
    }

    public Matching.Registration Form => new(FirstName, LastName, Email, Phone, BirthDate);

    /// <summary>256 random bits, URL-safe.</summary>
    public static string NewToken() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static bool LooksLikeToken(string? token) =>
        token is { Length: 43 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}

internal sealed class PendingRegistrationConfiguration : IEntityTypeConfiguration<PendingRegistration>
{
    public void Configure(EntityTypeBuilder<PendingRegistration> builder)
    {
        builder.HasOne<Studios.Studio>().WithMany().HasForeignKey(p => p.StudioId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(p => p.FirstName).HasMaxLength(Clients.ClientRules.NameMaxLength).IsRequired();
        builder.Property(p => p.LastName).HasMaxLength(Clients.ClientRules.NameMaxLength).IsRequired();
        builder.Property(p => p.Email).HasMaxLength(Clients.ClientRules.EmailMaxLength).IsRequired();
        builder.Property(p => p.Phone).HasMaxLength(Clients.ClientRules.PhoneMaxLength);
        builder.Property(p => p.PasswordHash).HasMaxLength(512);
        builder.Property(p => p.TokenHash).HasMaxLength(64).IsRequired();
        builder.HasIndex(p => p.TokenHash).IsUnique();
        builder.HasIndex(p => p.CreatedAtUtc);
    }
}

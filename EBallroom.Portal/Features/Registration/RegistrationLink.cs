using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EBallroom.Portal.Features.Registration;

/// <summary>
/// A studio's magic registration link. The token (192 random bits) is looked up by its SHA-256 hash; a copy protected
/// with the app's data-protection keys lets staff see the link again. Regenerating replaces both, so the old link
/// stops working at once.
/// </summary>
public sealed class RegistrationLink
{
    public const int TokenBytes = 24;

    private RegistrationLink() { }

    public int Id { get; private set; }
    public int StudioId { get; private set; }
    public string TokenHash { get; private set; } = "";
    public string ProtectedToken { get; private set; } = "";
    public bool IsEnabled { get; private set; }
    public DateTime CreatedAtUtc { get; private set; }
    public int RegistrationCount { get; private set; }

    public static (RegistrationLink Link, string Token) Create(int studioId, Func<string, string> protect, DateTime nowUtc)
    {
        var link = new RegistrationLink { StudioId = studioId, IsEnabled = true };
        return (link, link.Regenerate(protect, nowUtc));
    }

    /// <summary>A new token; the previous one no longer resolves. Counting starts again for the new link.</summary>
    public string Regenerate(Func<string, string> protect, DateTime nowUtc)
    {
        var token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(TokenBytes));
        TokenHash = Hash(token);
        ProtectedToken = protect(token);
        CreatedAtUtc = nowUtc;
        RegistrationCount = 0;
        return token;
    }

    /// <summary>Returns false when the link was already disabled (nothing to record).</summary>
    public bool Disable()
    {
        if (!IsEnabled) return false;
        IsEnabled = false;
        return true;
    }

    public bool Enable()
    {
        if (IsEnabled) return false;
        IsEnabled = true;
        return true;
    }

    public void CountRegistration() => RegistrationCount++;

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Only well-formed tokens are looked up; anything else is simply not a link.</summary>
    public static bool LooksLikeToken(string? token) =>
        token is { Length: 32 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}

internal sealed class RegistrationLinkConfiguration : IEntityTypeConfiguration<RegistrationLink>
{
    public void Configure(EntityTypeBuilder<RegistrationLink> builder)
    {
        builder.HasOne<Studios.Studio>().WithMany().HasForeignKey(l => l.StudioId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(l => l.StudioId).IsUnique();
        builder.Property(l => l.TokenHash).HasMaxLength(64).IsRequired();
        builder.HasIndex(l => l.TokenHash).IsUnique();
        builder.Property(l => l.ProtectedToken).HasMaxLength(512).IsRequired();
    }
}

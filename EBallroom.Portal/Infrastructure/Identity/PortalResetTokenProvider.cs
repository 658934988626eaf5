using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace EBallroom.Portal.Infrastructure.Identity;

public sealed class PortalResetTokenOptions : DataProtectionTokenProviderOptions
{
    public PortalResetTokenOptions()
    {
        Name = PortalResetTokenProvider.ProviderName;
        TokenLifespan = TimeSpan.FromHours(2);
    }
}

/// <summary>
/// Password-reset tokens in Identity's own shape (protected with the app's Data Protection keys, bound to the user, the
/// purpose and the security stamp, so a used token dies with the stamp the reset changes), but dated by the portal's
/// <see cref="TimeProvider"/> rather than the wall clock, so their expiry follows the same clock as everything else.
/// </summary>
public sealed class PortalResetTokenProvider(IDataProtectionProvider dataProtection, IOptions<PortalResetTokenOptions> options,
    ILogger<DataProtectorTokenProvider<PortalUser>> logger, TimeProvider time)
    : DataProtectorTokenProvider<PortalUser>(dataProtection, options, logger)
{
    public const string ProviderName = "PortalReset";

    public override async Task<string> GenerateAsync(string purpose, UserManager<PortalUser> manager, PortalUser user)
    {
        using var stream = new MemoryStream();
        await using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(time.GetUtcNow().UtcTicks);
            writer.Write(await manager.GetUserIdAsync(user));
            writer.Write(purpose);
            writer.Write(manager.SupportsUserSecurityStamp ? await manager.GetSecurityStampAsync(user) : "");
        }
        return Convert.ToBase64String(Protector.Protect(stream.ToArray()));
    }

    public override async Task<bool> ValidateAsync(string purpose, string token, UserManager<PortalUser> manager, PortalUser user)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(Protector.Unprotect(Convert.FromBase64String(token))), Encoding.UTF8);
            var created = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
            if (created + Options.TokenLifespan < time.GetUtcNow()) return false;
            if (reader.ReadString() != await manager.GetUserIdAsync(user)) return false;
            if (reader.ReadString() != purpose) return false;
            var stamp = reader.ReadString();
            return !manager.SupportsUserSecurityStamp || stamp == await manager.GetSecurityStampAsync(user);
        }
        catch (Exception e) when (e is FormatException or System.Security.Cryptography.CryptographicException or EndOfStreamException or IOException)
        {
            // A mangled, foreign or truncated token is simply not valid.
            return false;
        }
    }
}

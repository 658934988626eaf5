using Microsoft.AspNetCore.DataProtection;

namespace EBallroom.Portal.Features.Outbox;

/// <summary>
/// Emails that carry a secret (a temporary password) are queued sealed: their bodies are encrypted with the app's Data
/// Protection keys, opened only to hand the message to the SMTP server, and erased once it is sent.
/// </summary>
public sealed class OutboxSeal(IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("EBallroom.Portal.Outbox.SealedBody.v1");

    public string Seal(string body) => _protector.Protect(body);

    /// <exception cref="System.Security.Cryptography.CryptographicException">The keys that sealed it are gone.</exception>
    public string Open(string sealedBody) => _protector.Unprotect(sealedBody);
}

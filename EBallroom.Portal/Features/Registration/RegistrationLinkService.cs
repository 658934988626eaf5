using System.Security.Cryptography;
using EBallroom.Portal.Features.Audit;
using EBallroom.Portal.Features.Outbox;
using EBallroom.Portal.Infrastructure.Data;
using EBallroom.Portal.Infrastructure.Identity;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace EBallroom.Portal.Features.Registration;

/// <summary>What staff see of their studio's magic link. <see cref="Url"/> is null when the link cannot be shown (keys changed).</summary>
public sealed record RegistrationLinkInfo(string? Url, bool IsEnabled, int RegistrationCount, DateTime CreatedAtUtc);

/// <summary>What a visitor's token resolves to.</summary>
public sealed record ResolvedLink(int StudioId, string StudioName, bool IsEnabled);

public sealed class RegistrationLinks(IDbContextFactory<PortalDbContext> dbFactory, IDataProtectionProvider protection, EmailLinks links,
    AuditLog audit, TimeProvider time)
{
    private readonly IDataProtector _protector = protection.CreateProtector("EBallroom.Portal.RegistrationLink.v1");

    /// <summary>The studio's current link, created (and audited) the first time anyone asks for it.</summary>
    public async Task<RegistrationLinkInfo> GetOrCreateAsync(int studioId, StaffMember? actor = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var link = await db.RegistrationLinks.SingleOrDefaultAsync(l => l.StudioId == studioId, cancellationToken);
        if (link is not null) return Info(link);

        (link, _) = RegistrationLink.Create(studioId, _protector.Protect, Now);
        db.RegistrationLinks.Add(link);
        if (actor is not null) audit.Add(db, actor, AuditActions.RegistrationLinkCreated, $"studio {studioId}");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return Info(link);
        }
        catch (DbUpdateException)
        {
            // Two first visits at once: the other one created it; show that one.
            await using var again = await dbFactory.CreateDbContextAsync(cancellationToken);
            return Info(await again.RegistrationLinks.SingleAsync(l => l.StudioId == studioId, cancellationToken));
        }
    }

    public async Task<RegistrationLinkInfo> RegenerateAsync(StaffMember actor, CancellationToken cancellationToken = default)
    {
        await GetOrCreateAsync(actor.StudioId, actor, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var link = await db.RegistrationLinks.SingleAsync(l => l.StudioId == actor.StudioId, cancellationToken);
        link.Regenerate(_protector.Protect, Now);
        audit.Add(db, actor, AuditActions.RegistrationLinkRegenerated, $"studio {actor.StudioId}");
        await db.SaveChangesAsync(cancellationToken);
        return Info(link);
    }

    public async Task<RegistrationLinkInfo> SetEnabledAsync(StaffMember actor, bool enabled, CancellationToken cancellationToken = default)
    {
        await GetOrCreateAsync(actor.StudioId, actor, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var link = await db.RegistrationLinks.SingleAsync(l => l.StudioId == actor.StudioId, cancellationToken);
        var changed = enabled ? link.Enable() : link.Disable();
        if (changed)
        {
            audit.Add(db, actor, enabled ? AuditActions.RegistrationLinkEnabled : AuditActions.RegistrationLinkDisabled, $"studio {actor.StudioId}");
            await db.SaveChangesAsync(cancellationToken);
        }
        return Info(link);
    }

    /// <summary>The studio behind a token from a visitor's URL, or null: a malformed, unknown or replaced token is not a link.</summary>
    public async Task<ResolvedLink?> ResolveAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (!RegistrationLink.LooksLikeToken(token)) return null;
        var hash = RegistrationLink.Hash(token!);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.RegistrationLinks.Where(l => l.TokenHash == hash)
            .Join(db.Studios, l => l.StudioId, s => s.Id, (l, s) => new ResolvedLink(s.Id, s.Name, l.IsEnabled))
            .SingleOrDefaultAsync(cancellationToken);
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private RegistrationLinkInfo Info(RegistrationLink link)
    {
        string? url;
        try
        {
            url = links.Absolute("/join/" + _protector.Unprotect(link.ProtectedToken));
        }
        catch (CryptographicException)
        {
            // The keys that protected it are gone (a new machine without its key ring): the link must be regenerated to be shown.
            url = null;
        }
        return new RegistrationLinkInfo(url, link.IsEnabled, link.RegistrationCount, link.CreatedAtUtc);
    }
}

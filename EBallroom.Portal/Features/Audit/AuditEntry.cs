using EBallroom.Portal.Infrastructure.Data;
using EBallroom.Portal.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EBallroom.Portal.Features.Audit;

/// <summary>Who did what to which record of a studio, and when. Written in the same unit of work as the action itself.</summary>
public sealed class AuditEntry
{
    private AuditEntry() { }

    public long Id { get; private set; }
    public int StudioId { get; private set; }
    public string ActorUserId { get; private set; } = "";
    public string ActorName { get; private set; } = "";
    public string Action { get; private set; } = "";
    public string? Target { get; private set; }
    public string? Details { get; private set; }
    public DateTime AtUtc { get; private set; }

    public static AuditEntry For(StaffMember actor, string action, string? target, string? details, DateTime nowUtc) => new()
    {
        StudioId = actor.StudioId,
        ActorUserId = actor.UserId,
        ActorName = actor.Name,
        Action = action,
        Target = target,
        Details = details is { Length: > 2000 } ? details[..2000] : details,
        AtUtc = nowUtc,
    };
}

public static class AuditActions
{
    public const string RegistrationLinkCreated = "registration-link.created";
    public const string RegistrationLinkRegenerated = "registration-link.regenerated";
    public const string RegistrationLinkDisabled = "registration-link.disabled";
    public const string RegistrationLinkEnabled = "registration-link.enabled";
    public const string RequestApproved = "request.approved";
    public const string RequestDenied = "request.denied";
    public const string ClientCreatedFromRequest = "client.created-from-request";
    public const string PortalLinkReplaced = "portal-link.replaced";
    public const string PortalLinkRemoved = "portal-link.unlinked";
    public const string SignInDisabled = "portal-link.sign-in-disabled";
    public const string SignInEnabled = "portal-link.sign-in-enabled";
    public const string WelcomeResent = "portal-link.welcome-resent";
    public const string AutoGenerateStarted = "auto-generate.started";
    public const string AutoGenerateCompleted = "auto-generate.completed";
}

/// <summary>Adds audit entries to the caller's unit of work: the entry exists exactly when the action does.</summary>
public sealed class AuditLog(TimeProvider time)
{
    public void Add(PortalDbContext db, StaffMember actor, string action, string? target = null, string? details = null) =>
        db.AuditEntries.Add(AuditEntry.For(actor, action, target, details, time.GetUtcNow().UtcDateTime));
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.HasOne<Studios.Studio>().WithMany().HasForeignKey(e => e.StudioId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(e => e.ActorUserId).HasMaxLength(64).IsRequired();
        builder.Property(e => e.ActorName).HasMaxLength(256).IsRequired();
        builder.Property(e => e.Action).HasMaxLength(64).IsRequired();
        builder.Property(e => e.Target).HasMaxLength(256);
        builder.Property(e => e.Details).HasMaxLength(2000);
        builder.HasIndex(e => new { e.StudioId, e.AtUtc });
    }
}

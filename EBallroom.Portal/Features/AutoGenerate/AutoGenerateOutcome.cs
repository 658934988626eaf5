using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EBallroom.Portal.Features.AutoGenerate;

public enum OutcomeKind
{
    /// <summary>A new account was created, linked, and emailed its temporary password.</summary>
    Created = 0,
    /// <summary>The email already had a portal account (at another studio): that account was linked and told.</summary>
    LinkedExistingAccount = 1,
    AlreadyHasAccount = 2,
    NoEmail = 3,
    InvalidEmail = 4,
    /// <summary>Several clients of the studio share the email (a couple, a family): staff decide who gets the account.</summary>
    SharedEmail = 5,
    /// <summary>The email's account is already linked to another client of this studio.</summary>
    EmailLinkedToAnotherClient = 6,
    /// <summary>The email is a staff member's sign-in.</summary>
    StaffEmail = 7,
    /// <summary>Something changed while the run was going (a registration, another run): nothing was created for this client.</summary>
    Conflict = 8,
}

/// <summary>What one run did for one client: the result screen's rows and its CSV.</summary>
public sealed class AutoGenerateOutcome
{
    private AutoGenerateOutcome() { }

    public long Id { get; private set; }
    public long RunId { get; private set; }
    public int ClientId { get; private set; }
    public string ClientName { get; private set; } = "";
    public string? Email { get; private set; }
    public OutcomeKind Kind { get; private set; }
    public string? Detail { get; private set; }

    public static AutoGenerateOutcome For(long runId, PlanItem item, OutcomeKind kind, string? detail) => new()
    {
        RunId = runId, ClientId = item.ClientId, ClientName = item.Name, Email = item.Email, Kind = kind,
        Detail = detail is { Length: > 500 } ? detail[..500] : detail,
    };
}

internal sealed class AutoGenerateOutcomeConfiguration : IEntityTypeConfiguration<AutoGenerateOutcome>
{
    public void Configure(EntityTypeBuilder<AutoGenerateOutcome> builder)
    {
        builder.HasOne<AutoGenerateRun>().WithMany().HasForeignKey(o => o.RunId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(o => o.ClientName).HasMaxLength(201).IsRequired();
        builder.Property(o => o.Email).HasMaxLength(Clients.ClientRules.EmailMaxLength);
        builder.Property(o => o.Detail).HasMaxLength(500);
        // A client has one outcome per run: a resumed run skips the clients it already did.
        builder.HasIndex(o => new { o.RunId, o.ClientId }).IsUnique();
        builder.HasIndex(o => new { o.RunId, o.Kind });
    }
}

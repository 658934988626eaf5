using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EBallroom.Portal.Features.AutoGenerate;

public enum RunStatus { Queued = 0, Running = 1, Completed = 2, Failed = 3 }

/// <summary>
/// One press of Auto Generate: who started it, how far it got, and what came of it. While a run is queued or running,
/// <see cref="ActiveStudioId"/> holds its studio under a unique index, so a studio never has two runs at once, whichever
/// instance or staff member starts the second.
/// </summary>
public sealed class AutoGenerateRun
{
    public const int ErrorMaxLength = 1000;

    private AutoGenerateRun() { }

    public long Id { get; private set; }
    public int StudioId { get; private set; }
    public int? ActiveStudioId { get; private set; }
    public string StartedByUserId { get; private set; } = "";
    public string StartedByName { get; private set; } = "";
    public RunStatus Status { get; private set; }
    public DateTime CreatedAtUtc { get; private set; }
    public DateTime? StartedAtUtc { get; private set; }
    public DateTime? FinishedAtUtc { get; private set; }
    public int Total { get; private set; }
    public int Processed { get; private set; }
    public int Created { get; private set; }
    public int Linked { get; private set; }
    public int Skipped { get; private set; }
    public string? Error { get; private set; }

    public bool IsActive => Status is RunStatus.Queued or RunStatus.Running;

    public static AutoGenerateRun Queue(int studioId, string userId, string userName, DateTime nowUtc) => new()
    {
        StudioId = studioId, ActiveStudioId = studioId, StartedByUserId = userId, StartedByName = userName, Status = RunStatus.Queued, CreatedAtUtc = nowUtc,
    };

    public void Start(int total, DateTime nowUtc)
    {
        Status = RunStatus.Running;
        StartedAtUtc ??= nowUtc;
        Total = Math.Max(total, Processed);
    }

    public void Record(int created, int linked, int skipped)
    {
        Created += created;
        Linked += linked;
        Skipped += skipped;
        Processed += created + linked + skipped;
    }

    public void Complete(DateTime nowUtc)
    {
        Status = RunStatus.Completed;
        FinishedAtUtc = nowUtc;
        ActiveStudioId = null;
    }

    public void Fail(string error, DateTime nowUtc)
    {
        Status = RunStatus.Failed;
        FinishedAtUtc = nowUtc;
        ActiveStudioId = null;
        Error = error.Length > ErrorMaxLength ? error[..ErrorMaxLength] : error;
    }
}

internal sealed class AutoGenerateRunConfiguration : IEntityTypeConfiguration<AutoGenerateRun>
{
    public void Configure(EntityTypeBuilder<AutoGenerateRun> builder)
    {
        builder.HasOne<Studios.Studio>().WithMany().HasForeignKey(r => r.StudioId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(r => r.StartedByUserId).HasMaxLength(64).IsRequired();
        builder.Property(r => r.StartedByName).HasMaxLength(256).IsRequired();
        builder.Property(r => r.Error).HasMaxLength(AutoGenerateRun.ErrorMaxLength);
        // Unique over non-null values only (NULLs are distinct in SQLite and PostgreSQL): one active run per studio.
        builder.HasIndex(r => r.ActiveStudioId).IsUnique();
        builder.HasIndex(r => new { r.StudioId, r.CreatedAtUtc });
    }
}

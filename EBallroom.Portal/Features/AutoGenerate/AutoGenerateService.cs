using System.Globalization;
using EBallroom.Portal.Features.AccountRequests;
using EBallroom.Portal.Features.Audit;
using EBallroom.Portal.Infrastructure.Data;
using EBallroom.Portal.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore;

namespace EBallroom.Portal.Features.AutoGenerate;

public sealed record RunView(long Id, RunStatus Status, string StartedByName, DateTime CreatedAtUtc, DateTime? FinishedAtUtc, int Total, int Processed,
    int Created, int Linked, int Skipped, string? Error)
{
    public bool IsActive => Status is RunStatus.Queued or RunStatus.Running;
    public double Percent => Total == 0 ? (IsActive ? 0 : 100) : Math.Round(100.0 * Processed / Total, 1);

    internal static RunView Of(AutoGenerateRun r) =>
        new(r.Id, r.Status, r.StartedByName, r.CreatedAtUtc, r.FinishedAtUtc, r.Total, r.Processed, r.Created, r.Linked, r.Skipped, r.Error);
}

public sealed record OutcomeRow(int ClientId, string ClientName, string? Email, OutcomeKind Kind, string? Detail);

public sealed record StartResult(RunView Run, bool AlreadyRunning);

/// <summary>The Auto-Generate Accounts tab for the signed-in staff member's studio: preview, start, follow, and read results.</summary>
public sealed class AutoGenerateService(IDbContextFactory<PortalDbContext> dbFactory, CurrentStaff currentStaff, AutoGeneratePlanner planner,
    AutoGenerateLauncher launcher, AuditLog audit, TimeProvider time)
{
    public const int PastRuns = 20;

    public async Task<AutoGeneratePreview> PreviewAsync(CancellationToken cancellationToken = default) =>
        await planner.PreviewAsync((await currentStaff.GetAsync()).StudioId, cancellationToken);

    /// <summary>Queues a run and hands it to a background worker. A studio has one run at a time: pressing again shows that one.</summary>
    public async Task<StartResult> StartAsync(CancellationToken cancellationToken = default)
    {
        var (run, already) = await QueueAsync(await currentStaff.GetAsync(), audit, dbFactory, time, cancellationToken);
        if (!already) await launcher.LaunchAsync(run.Id, cancellationToken);
        return new StartResult(run, already);
    }

    /// <summary>Adds a queued run for the actor's studio, or returns the studio's active one.</summary>
    public static async Task<(RunView Run, bool AlreadyRunning)> QueueAsync(StaffMember actor, AuditLog audit, IDbContextFactory<PortalDbContext> dbFactory,
        TimeProvider time, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var run = AutoGenerateRun.Queue(actor.StudioId, actor.UserId, actor.Name, time.GetUtcNow().UtcDateTime);
        db.AutoGenerateRuns.Add(run);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The unique index on the active studio: someone started a run a moment ago.
            await using var again = await dbFactory.CreateDbContextAsync(cancellationToken);
            var active = await again.AutoGenerateRuns.AsNoTracking().SingleAsync(r => r.ActiveStudioId == actor.StudioId, cancellationToken);
            return (RunView.Of(active), true);
        }
        audit.Add(db, actor, AuditActions.AutoGenerateStarted, $"run {run.Id}");
        await db.SaveChangesAsync(cancellationToken);
        return (RunView.Of(run), false);
    }

    /// <summary>The run the tab shows on opening: the active one, else the latest.</summary>
    public async Task<RunView?> CurrentAsync(CancellationToken cancellationToken = default)
    {
        var staff = await currentStaff.GetAsync();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var run = await db.AutoGenerateRuns.AsNoTracking().Where(r => r.StudioId == staff.StudioId)
            .OrderByDescending(r => r.ActiveStudioId != null).ThenByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        return run is null ? null : RunView.Of(run);
    }

    public async Task<RunView?> GetAsync(long runId, CancellationToken cancellationToken = default)
    {
        var staff = await currentStaff.GetAsync();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var run = await db.AutoGenerateRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId && r.StudioId == staff.StudioId, cancellationToken);
        return run is null ? null : RunView.Of(run);
    }

    public async Task<IReadOnlyList<RunView>> RunsAsync(CancellationToken cancellationToken = default)
    {
        var staff = await currentStaff.GetAsync();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var runs = await db.AutoGenerateRuns.AsNoTracking().Where(r => r.StudioId == staff.StudioId).OrderByDescending(r => r.Id).Take(PastRuns)
            .ToListAsync(cancellationToken);
        return runs.Select(RunView.Of).ToList();
    }

    public async Task<Page<OutcomeRow>> OutcomesAsync(long runId, OutcomeKind? kind, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        var staff = await currentStaff.GetAsync();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var outcomes = Scoped(db, staff, runId);
        if (kind is { } k) outcomes = outcomes.Where(o => o.Kind == k);
        var total = await outcomes.CountAsync(cancellationToken);
        var size = Math.Clamp(pageSize, 1, AccountManagement.MaxPageSize);
        var rows = await outcomes.OrderBy(o => o.Id).Skip(Math.Max(0, page) * size).Take(size)
            .Select(o => new OutcomeRow(o.ClientId, o.ClientName, o.Email, o.Kind, o.Detail)).ToListAsync(cancellationToken);
        return new Page<OutcomeRow>(rows, total);
    }

    /// <summary>Every client of the run with its outcome, as CSV; false when the run is not this studio's.</summary>
    public async Task<bool> WriteCsvAsync(long runId, TextWriter writer, CancellationToken cancellationToken = default)
    {
        var staff = await currentStaff.GetAsync();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.AutoGenerateRuns.AnyAsync(r => r.Id == runId && r.StudioId == staff.StudioId, cancellationToken)) return false;
        await writer.WriteLineAsync("client_id,name,email,outcome,detail");
        await foreach (var o in Scoped(db, staff, runId).OrderBy(o => o.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
            await writer.WriteLineAsync(string.Join(',', o.ClientId.ToString(CultureInfo.InvariantCulture), Csv(o.ClientName), Csv(o.Email), Describe(o.Kind), Csv(o.Detail)));
        return true;
    }

    public static string Describe(OutcomeKind kind) => kind switch
    {
        OutcomeKind.Created => "account created",
        OutcomeKind.LinkedExistingAccount => "existing account linked",
        OutcomeKind.AlreadyHasAccount => "skipped: already has an account",
        OutcomeKind.NoEmail => "skipped: no email",
        OutcomeKind.InvalidEmail => "skipped: invalid email",
        OutcomeKind.SharedEmail => "skipped: email shared by several clients",
        OutcomeKind.EmailLinkedToAnotherClient => "skipped: email's account linked to another client",
        OutcomeKind.StaffEmail => "skipped: staff email",
        _ => "skipped: changed during the run",
    };

    private static IQueryable<AutoGenerateOutcome> Scoped(PortalDbContext db, StaffMember staff, long runId) =>
        from o in db.AutoGenerateOutcomes.AsNoTracking()
        join r in db.AutoGenerateRuns on o.RunId equals r.Id
        where r.Id == runId && r.StudioId == staff.StudioId
        select o;

    /// <summary>Quoted when needed; a leading = + - @ is defused so a spreadsheet never runs a client's name as a formula.</summary>
    internal static string Csv(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}

using System.Data.Common;
using System.Globalization;
using EBallroom.Portal.Features.Audit;
using EBallroom.Portal.Features.AutoGenerate.Emails;
using EBallroom.Portal.Features.Outbox;
using EBallroom.Portal.Features.Portal;
using EBallroom.Portal.Infrastructure.Data;
using EBallroom.Portal.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace EBallroom.Portal.Features.AutoGenerate;

/// <summary>
/// Carries out a queued run, in batches: each batch's accounts, role rows, links, emails (the temporary password's one
/// sealed) and outcome rows are inserted through prepared statements and commit together, so a stopped run leaves whole clients done and the rest untouched, and a
/// resumed run skips what it already did. Unique indexes on the client's link and on the account's email make a second
/// account impossible even when two runs or a registration race; a batch that hits one is redone client by client.
/// </summary>
public sealed class AutoGenerateRunner(IDbContextFactory<PortalDbContext> dbFactory, AutoGeneratePlanner planner, EmailOutbox outbox,
    EmailLinks links, ILookupNormalizer normalizer, AuditLog audit, IConfiguration configuration, TimeProvider time, ILogger<AutoGenerateRunner> logger)
{
    public const int BatchSize = 500;

    private TimeSpan TemporaryPasswordLifetime => TimeSpan.FromDays(Math.Clamp(configuration.GetValue("Portal:TemporaryPasswordDays", 14), 1, 365));

    /// <summary>Runs <paramref name="runId"/> if it is queued; returns false when another worker has it or it is finished.</summary>
    public async Task<bool> ExecuteAsync(long runId, CancellationToken cancellationToken = default)
    {
        await using (var claim = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var claimed = await claim.AutoGenerateRuns.Where(r => r.Id == runId && r.Status == RunStatus.Queued)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RunStatus.Running), cancellationToken);
            if (claimed == 0) return false;
        }

        try
        {
            var context = await PrepareAsync(runId, cancellationToken);
            foreach (var batch in context.Todo.Chunk(BatchSize))
                await ProcessAsync(context, batch, cancellationToken);

            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var run = await db.AutoGenerateRuns.SingleAsync(r => r.Id == runId, cancellationToken);
            run.Complete(Now);
            audit.Add(db, context.Actor, AuditActions.AutoGenerateCompleted, $"run {runId}",
                $"{run.Created} created, {run.Linked} linked to existing accounts, {run.Skipped} skipped");
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host is stopping: the run goes back in the queue, and the next start (here or on another instance) resumes it.
            await RequeueAsync(runId, CancellationToken.None);
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Auto-generate run {RunId} failed.", runId);
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            var run = await db.AutoGenerateRuns.SingleAsync(r => r.Id == runId, CancellationToken.None);
            run.Fail($"The run stopped: {e.Message} Clients done so far keep their accounts; press Auto Generate again for the rest.", Now);
            await db.SaveChangesAsync(CancellationToken.None);
            return true;
        }
    }

    /// <summary>Puts a run that was cut off back in the queue; a finished one stays finished.</summary>
    public async Task RequeueAsync(long runId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.AutoGenerateRuns.Where(r => r.Id == runId && r.Status == RunStatus.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RunStatus.Queued), cancellationToken);
    }

    private sealed record RunContext(long RunId, int StudioId, string StudioName, string CustomerRoleId, string ActorName, StaffMember Actor,
        IReadOnlyList<PlanItem> Todo);

    private async Task<RunContext> PrepareAsync(long runId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var run = await db.AutoGenerateRuns.SingleAsync(r => r.Id == runId, cancellationToken);
        var done = (await db.AutoGenerateOutcomes.Where(o => o.RunId == runId).Select(o => o.ClientId).ToListAsync(cancellationToken)).ToHashSet();
        var todo = (await planner.PlanAsync(run.StudioId, cancellationToken)).Where(p => !done.Contains(p.ClientId)).ToList();
        run.Start(done.Count + todo.Count, Now);
        await db.SaveChangesAsync(cancellationToken);
        var studioName = await db.Studios.Where(s => s.Id == run.StudioId).Select(s => s.Name).SingleAsync(cancellationToken);
        var roleId = await db.Roles.Where(r => r.NormalizedName == PortalRoles.Customer.ToUpperInvariant()).Select(r => r.Id).SingleAsync(cancellationToken);
        return new RunContext(runId, run.StudioId, studioName, roleId, run.StartedByName,
            new StaffMember(run.StartedByUserId, run.StartedByName, run.StudioId, IsAdmin: false), todo);
    }

    /// <summary>The rows one batch writes, inserted table by table through one prepared statement each.</summary>
    private sealed class BatchRows
    {
        public List<PortalUser> Users { get; } = [];
        public List<IdentityUserRole<string>> Roles { get; } = [];
        public List<PortalLink> Links { get; } = [];
        public List<OutboxEmail> Emails { get; } = [];
        public List<AutoGenerateOutcome> Outcomes { get; } = [];
        public int Created, Linked;
    }

    private async Task ProcessAsync(RunContext context, IReadOnlyList<PlanItem> batch, CancellationToken cancellationToken)
    {
        var rows = new BatchRows();
        foreach (var item in batch)
        {
            switch (item.Kind)
            {
                case OutcomeKind.Created:
                    await CreateAccountAsync(rows, context, item);
                    break;
                case OutcomeKind.LinkedExistingAccount:
                    await LinkExistingAsync(rows, context, item);
                    break;
                default:
                    rows.Outcomes.Add(AutoGenerateOutcome.For(context.RunId, item, item.Kind, item.Detail));
                    break;
            }
        }
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.InsertAllAsync(rows.Users, cancellationToken);
            await db.InsertAllAsync(rows.Roles, cancellationToken);
            await db.InsertAllAsync(rows.Links, cancellationToken);
            await db.InsertAllAsync(rows.Emails, cancellationToken);
            await db.InsertAllAsync(rows.Outcomes, cancellationToken);
            var run = await db.AutoGenerateRuns.SingleAsync(r => r.Id == context.RunId, cancellationToken);
            run.Record(rows.Created, rows.Linked, batch.Count - rows.Created - rows.Linked);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception e) when (e is DbException or DbUpdateException && batch.Count > 1)
        {
            // Someone took one of these clients or emails meanwhile: redo the batch one client at a time.
            foreach (var item in batch) await ProcessAsync(context, [item], cancellationToken);
        }
        catch (Exception e) when (e is DbException or DbUpdateException)
        {
            if (!await TakenMeanwhileAsync(batch[0], cancellationToken)) throw;
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            db.AutoGenerateOutcomes.Add(AutoGenerateOutcome.For(context.RunId, batch[0], OutcomeKind.Conflict,
                "this client or email got an account while the run was going; press Auto Generate again to see where it stands"));
            (await db.AutoGenerateRuns.SingleAsync(r => r.Id == context.RunId, cancellationToken)).Record(0, 0, 1);
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>Whether a failed insert for this client lost a race (its link or its email's account now exists), rather than failing outright.</summary>
    private async Task<bool> TakenMeanwhileAsync(PlanItem item, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var email = normalizer.NormalizeEmail(item.Email);
        return await db.PortalLinks.AnyAsync(l => l.ClientId == item.ClientId, cancellationToken)
            || (email is not null && await db.Users.AnyAsync(u => u.NormalizedEmail == email, cancellationToken));
    }

    private async Task CreateAccountAsync(BatchRows rows, RunContext context, PlanItem item)
    {
        var now = Now;
        var expires = now + TemporaryPasswordLifetime;
        var password = TemporaryPasswords.Generate();
        var user = new PortalUser
        {
            UserName = item.Email, NormalizedUserName = normalizer.NormalizeName(item.Email), Email = item.Email,
            NormalizedEmail = normalizer.NormalizeEmail(item.Email), EmailConfirmed = true, LockoutEnabled = true, DisplayName = item.Name,
            PasswordHash = TemporaryPasswords.Hash(password), TemporaryPasswordExpiresAtUtc = expires,
            SecurityStamp = Guid.NewGuid().ToString("N").ToUpperInvariant(),
        };
        rows.Users.Add(user);
        rows.Roles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = context.CustomerRoleId });
        rows.Links.Add(PortalLink.Create(context.StudioId, item.ClientId, user.Id, LinkMethod.AutoGenerated, now, context.ActorName));
        rows.Emails.Add(await outbox.ComposeAsync<AccountCreatedEmail>(
            new EmailEnvelope(item.Email!, item.Name, $"Your client portal account at {context.StudioName}", "account-created", context.StudioId, context.StudioName),
            new Dictionary<string, object?>
            {
                [nameof(AccountCreatedEmail.FirstName)] = item.FirstName,
                [nameof(AccountCreatedEmail.StudioName)] = context.StudioName,
                [nameof(AccountCreatedEmail.PortalUrl)] = links.Absolute("/account"),
                [nameof(AccountCreatedEmail.Username)] = item.Email,
                [nameof(AccountCreatedEmail.TemporaryPassword)] = password,
                [nameof(AccountCreatedEmail.ExpiresOn)] = expires.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC",
            }, sealBody: true));
        rows.Outcomes.Add(AutoGenerateOutcome.For(context.RunId, item, OutcomeKind.Created, null));
        rows.Created++;
    }

    private async Task LinkExistingAsync(BatchRows rows, RunContext context, PlanItem item)
    {
        rows.Links.Add(PortalLink.Create(context.StudioId, item.ClientId, item.ExistingUserId!, LinkMethod.AutoGenerated, Now, context.ActorName));
        rows.Emails.Add(await outbox.ComposeAsync<StudioAddedEmail>(
            new EmailEnvelope(item.Email!, item.Name, $"{context.StudioName} is now on your client portal account", "studio-added", context.StudioId, context.StudioName),
            new Dictionary<string, object?>
            {
                [nameof(StudioAddedEmail.FirstName)] = item.FirstName,
                [nameof(StudioAddedEmail.StudioName)] = context.StudioName,
                [nameof(StudioAddedEmail.PortalUrl)] = links.Absolute("/account"),
                [nameof(StudioAddedEmail.Username)] = item.Email,
            }));
        rows.Outcomes.Add(AutoGenerateOutcome.For(context.RunId, item, OutcomeKind.LinkedExistingAccount, "the email already had a portal account"));
        rows.Linked++;
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;
}

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
/// sealed) and outcome rows commit together, so a stopped run leaves whole clients done and the rest untouched, and a
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

    private async Task ProcessAsync(RunContext context, IReadOnlyList<PlanItem> batch, CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            int created = 0, linked = 0;
            foreach (var item in batch)
            {
                switch (item.Kind)
                {
                    case OutcomeKind.Created:
                        await CreateAccountAsync(db, context, item);
                        created++;
                        break;
                    case OutcomeKind.LinkedExistingAccount:
                        await LinkExistingAsync(db, context, item);
                        linked++;
                        break;
                    default:
                        db.AutoGenerateOutcomes.Add(AutoGenerateOutcome.For(context.RunId, item, item.Kind, item.Detail));
                        break;
                }
            }
            var run = await db.AutoGenerateRuns.SingleAsync(r => r.Id == context.RunId, cancellationToken);
            run.Record(created, linked, batch.Count - created - linked);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException) when (batch.Count > 1)
        {
            // Someone took one of these clients or emails meanwhile: redo the batch one client at a time.
            foreach (var item in batch) await ProcessAsync(context, [item], cancellationToken);
        }
        catch (DbUpdateException)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            db.AutoGenerateOutcomes.Add(AutoGenerateOutcome.For(context.RunId, batch[0], OutcomeKind.Conflict,
                "this client or email got an account while the run was going; press Auto Generate again to see where it stands"));
            (await db.AutoGenerateRuns.SingleAsync(r => r.Id == context.RunId, cancellationToken)).Record(0, 0, 1);
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private async Task CreateAccountAsync(PortalDbContext db, RunContext context, PlanItem item)
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
        db.Users.Add(user);
        db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = context.CustomerRoleId });
        db.PortalLinks.Add(PortalLink.Create(context.StudioId, item.ClientId, user.Id, LinkMethod.AutoGenerated, now, context.ActorName));
        await outbox.EnqueueAsync<AccountCreatedEmail>(db,
            new EmailEnvelope(item.Email!, item.Name, $"Your client portal account at {context.StudioName}", "account-created", context.StudioId, context.StudioName),
            new Dictionary<string, object?>
            {
                [nameof(AccountCreatedEmail.FirstName)] = item.FirstName,
                [nameof(AccountCreatedEmail.StudioName)] = context.StudioName,
                [nameof(AccountCreatedEmail.PortalUrl)] = links.Absolute("/account"),
                [nameof(AccountCreatedEmail.Username)] = item.Email,
                [nameof(AccountCreatedEmail.TemporaryPassword)] = password,
                [nameof(AccountCreatedEmail.ExpiresOn)] = expires.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC",
            }, sealBody: true);
        db.AutoGenerateOutcomes.Add(AutoGenerateOutcome.For(context.RunId, item, OutcomeKind.Created, null));
    }

    private async Task LinkExistingAsync(PortalDbContext db, RunContext context, PlanItem item)
    {
        db.PortalLinks.Add(PortalLink.Create(context.StudioId, item.ClientId, item.ExistingUserId!, LinkMethod.AutoGenerated, Now, context.ActorName));
        await outbox.EnqueueAsync<StudioAddedEmail>(db,
            new EmailEnvelope(item.Email!, item.Name, $"{context.StudioName} is now on your client portal account", "studio-added", context.StudioId, context.StudioName),
            new Dictionary<string, object?>
            {
                [nameof(StudioAddedEmail.FirstName)] = item.FirstName,
                [nameof(StudioAddedEmail.StudioName)] = context.StudioName,
                [nameof(StudioAddedEmail.PortalUrl)] = links.Absolute("/account"),
                [nameof(StudioAddedEmail.Username)] = item.Email,
            });
        db.AutoGenerateOutcomes.Add(AutoGenerateOutcome.For(context.RunId, item, OutcomeKind.LinkedExistingAccount, "the email already had a portal account"));
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;
}

using EBallroom.Portal.Features.Audit;
using EBallroom.Portal.Features.Studios;
using EBallroom.Portal.Infrastructure.Cli;
using EBallroom.Portal.Infrastructure.Data;
using EBallroom.Portal.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore;

namespace EBallroom.Portal.Features.AutoGenerate;

public static class AutoGenerateCommands
{
    public static readonly CliVerb AutoGenerate = new(
        "auto-generate", "Gives every client of the studio with an email a portal account (or links the email's existing one) and prints the counts by outcome; --dry-run prints what it would do.",
        "auto-generate --studio NUMBER [--dry-run]",
        ["--studio"], [], ["--dry-run"], async ctx =>
        {
            var studio = await ctx.Services.GetRequiredService<StudioService>().FindByIdNumberAsync(ctx.Option("--studio"));
            if (studio is null) return ctx.Fail($"no studio has the ID number {ctx.Option("--studio")}.");

            if (ctx.Flag("--dry-run"))
            {
                var preview = await ctx.Services.GetRequiredService<AutoGeneratePlanner>().PreviewAsync(studio.Id);
                ctx.Out.WriteLine($"auto-generate (dry run) for {studio.Name}: {preview.Total:N0} clients");
                Print(ctx, preview.Counts);
                foreach (var group in preview.SharedEmails.Take(50))
                    ctx.Out.WriteLine($"  shared email {group.Email}: {string.Join(", ", group.ClientNames)}");
                return ExitCodes.Success;
            }

            var actor = new StaffMember("command-line", "command line", studio.Id, IsAdmin: true);
            var (run, already) = await AutoGenerateService.QueueAsync(actor, ctx.Services.GetRequiredService<AuditLog>(),
                ctx.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>(), ctx.Services.GetRequiredService<TimeProvider>());
            if (already) return ctx.Fail($"a run for this studio is already going (run {run.Id}, started by {run.StartedByName}); try again when it has finished.");
            await ctx.Services.GetRequiredService<AutoGenerateRunner>().ExecuteAsync(run.Id);

            await using var db = await ctx.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
            var finished = await db.AutoGenerateRuns.AsNoTracking().SingleAsync(r => r.Id == run.Id);
            var counts = await db.AutoGenerateOutcomes.Where(o => o.RunId == run.Id).GroupBy(o => o.Kind)
                .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
            ctx.Out.WriteLine($"auto-generate for {studio.Name}: run {run.Id}, {finished.Total:N0} clients, {finished.Status.ToString().ToLowerInvariant()}");
            Print(ctx, counts);
            if (finished.Error is { } error) return ctx.Fail(error);
            ctx.Out.WriteLine("The emails are queued: `outbox drain` sends them now, or the running portal sends them within its drain interval.");
            return ExitCodes.Success;
        });

    private static void Print(CliContext ctx, IReadOnlyDictionary<OutcomeKind, int> counts)
    {
        foreach (var kind in Enum.GetValues<OutcomeKind>())
            if (counts.GetValueOrDefault(kind) is var n and > 0)
                ctx.Out.WriteLine($"  {AutoGenerateService.Describe(kind),-52} {n,8:N0}");
    }
}

using EBallroom.Portal.Infrastructure.Cli;
using EBallroom.Portal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace EBallroom.Portal.Features.Outbox;

public static class OutboxCommands
{
    public static readonly CliVerb Outbox = new(
        "outbox", "status: emails by state; drain: send what is due now and report.",
        "outbox status | outbox drain",
        [], [], [], RunAsync, Positionals: ["status", "drain"]);

    private static async Task<int> RunAsync(CliContext ctx)
    {
        if (ctx.Positional == "drain")
        {
            var report = await ctx.Services.GetRequiredService<OutboxDrainer>().DrainAsync();
            ctx.Out.WriteLine($"Drained: {report}.");
        }
        await using var db = await ctx.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var counts = await db.OutboxEmails.GroupBy(e => e.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        int Of(OutboxStatus s) => counts.FirstOrDefault(c => c.Key == s)?.Count ?? 0;
        var now = DateTime.UtcNow;
        var due = await db.OutboxEmails.CountAsync(e => e.Status == OutboxStatus.Queued && e.NextAttemptAtUtc <= now);
        ctx.Out.WriteLine($"queued {Of(OutboxStatus.Queued)} (due now {due}), sent {Of(OutboxStatus.Sent)}, failed {Of(OutboxStatus.Failed)}");
        return ExitCodes.Success;
    }
}

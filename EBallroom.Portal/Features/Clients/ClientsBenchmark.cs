using System.Diagnostics;
using System.Globalization;
using EBallroom.Portal.Features.Studios;
using EBallroom.Portal.Infrastructure.Cli;

namespace EBallroom.Portal.Features.Clients;

/// <summary>
/// <c>bench clients --studio NUMBER</c>: what the clients grid costs at the studio's size, as medians of
/// several runs side by side (these machines are shared and noisy: compare within one run, not across runs).
/// </summary>
public static class ClientsBenchmark
{
    public static async Task<int> RunAsync(CliContext ctx)
    {
        if (ctx.OptionalOption("--studio") is null) return ctx.Fail("bench clients needs --studio NUMBER.");
        if (!int.TryParse(ctx.OptionalOption("--runs") ?? "7", NumberStyles.None, CultureInfo.InvariantCulture, out var runs) || runs is < 1 or > 1000)
            return ctx.Fail("--runs takes a number from 1 to 1000.");
        var studio = await ctx.Services.GetRequiredService<StudioService>().FindByIdNumberAsync(ctx.Option("--studio"));
        if (studio is null) return ctx.Fail($"no studio has the ID number {ctx.Option("--studio")}.");

        var clients = new ClientService(ctx.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Infrastructure.Data.PortalDbContext>>(),
            BenchSupport.StaffOf(studio.Id), TimeProvider.System);

        var total = (await clients.GetPageAsync(new ClientQuery(PageSize: 1))).TotalCount;
        var sample = (await clients.GetPageAsync(new ClientQuery(Page: total / 2, PageSize: 1))).Items.FirstOrDefault();
        var scenarios = new (string Name, ClientQuery Query)[]
        {
            ("first page (by name)", new ClientQuery()),
            ("page 1000 (by name)", new ClientQuery(Page: 1000)),
            ("sort by email", new ClientQuery(Sort: ClientSort.Email)),
            ("search last name", new ClientQuery(sample?.LastName ?? "smith")),
            ("search first + last", new ClientQuery(sample?.FullName ?? "ana smith")),
            ("search email", new ClientQuery(sample?.Email ?? "example.com")),
            ("search phone digits", new ClientQuery(sample?.PhoneDisplay is { Length: > 0 } p ? p : "555")),
            ("search no match", new ClientQuery("zzzzqqq")),
        };

        ctx.Out.WriteLine($"clients grid, studio {studio.IdNumber}: {total:N0} clients, median of {runs} runs (after one warm-up)");
        foreach (var (name, query) in scenarios)
        {
            await clients.GetPageAsync(query);
            var times = new List<double>();
            var found = 0;
            for (var i = 0; i < runs; i++)
            {
                var watch = Stopwatch.StartNew();
                found = (await clients.GetPageAsync(query)).TotalCount;
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            ctx.Out.WriteLine($"  {name,-22} {times[times.Count / 2],8:F1} ms   (min {times[0]:F1}, max {times[^1]:F1}; {found:N0} matches)");
        }
        return ExitCodes.Success;
    }
}

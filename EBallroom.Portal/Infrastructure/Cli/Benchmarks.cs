namespace EBallroom.Portal.Infrastructure.Cli;

/// <summary><c>bench SCENARIO</c>: one verb for every benchmark; each feature brings its scenario.</summary>
public static class Benchmarks
{
    private static readonly Dictionary<string, Func<CliContext, Task<int>>> Scenarios = new(StringComparer.Ordinal)
    {
        ["clients"] = Features.Clients.ClientsBenchmark.RunAsync,
        ["match"] = Features.Matching.MatchBenchmark.RunAsync,
        ["outbox"] = Features.Outbox.OutboxBenchmark.RunAsync,
    };

    public static readonly CliVerb Bench = new(
        "bench", "Measures a scenario and prints medians side by side: clients (the clients grid), match (the matcher), outbox (email throughput).",
        "bench clients --studio NUMBER [--runs 7] | bench match [--clients 100000] [--registrations 2000] | bench outbox [--emails 5000] [--runs 3]",
        [], ["--studio", "--runs", "--clients", "--registrations", "--emails"], [], ctx => Scenarios[ctx.Positional!](ctx),
        Positionals: ["clients", "match", "outbox"]);
}

namespace EBallroom.Portal.Infrastructure.Cli;

/// <summary><c>bench SCENARIO</c>: one verb for every benchmark; each feature brings its scenario.</summary>
public static class Benchmarks
{
    private static readonly Dictionary<string, Func<CliContext, Task<int>>> Scenarios = new(StringComparer.Ordinal)
    {
        ["clients"] = Features.Clients.ClientsBenchmark.RunAsync,
        ["match"] = Features.Matching.MatchBenchmark.RunAsync,
        ["outbox"] = Features.Outbox.OutboxBenchmark.RunAsync,
        ["pending"] = Features.AccountRequests.PendingBenchmark.RunAsync,
        ["autogen"] = Features.AutoGenerate.AutoGenerateBenchmark.RunAsync,
    };

    public static readonly CliVerb Bench = new(
        "bench", "Measures a scenario and prints medians side by side: clients (the clients grid), match (the matcher), outbox (email throughput), pending (Client Portal Account Management), autogen (Auto Generate).",
        "bench clients --studio NUMBER [--runs 7] | bench match [--clients 100000] [--registrations 2000] | bench outbox [--emails 5000] [--runs 3] [--postgres SERVER] | bench pending [--clients 100000] [--requests 10000] [--runs 15] | bench autogen [--clients 10000] [--runs 3] [--sample 40] [--postgres SERVER]",
        [], ["--studio", "--runs", "--clients", "--registrations", "--emails", "--requests", "--sample", "--postgres"], [], ctx => Scenarios[ctx.Positional!](ctx),
        Positionals: ["clients", "match", "outbox", "pending", "autogen"]);
}

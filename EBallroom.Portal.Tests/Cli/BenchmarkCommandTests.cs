using EBallroom.Portal.Infrastructure.Cli;
using EBallroom.Portal.Tests.TestInfrastructure;

namespace EBallroom.Portal.Tests.Cli;

/// <summary>The benchmarks the issues ask for run and print their figures; on the PostgreSQL pass, beside SQLite's.</summary>
public class BenchmarkCommandTests : CliTestBase
{
    private static string[] WithPostgres(params string[] args) =>
        TestSettings.OnPostgres ? [.. args, "--postgres", TestSettings.PostgresServer!] : args;

    [Fact]
    public async Task Bench_autogen_times_the_runner_and_the_naive_way_side_by_side()
    {
        var (code, output, error) = await Run(WithPostgres("bench", "autogen", "--clients", "600", "--runs", "1", "--sample", "2"));

        Assert.True(code == ExitCodes.Success, error + output);
        Assert.Matches(@"run 1: [\d.]+ s wall", output);
        Assert.Matches(@"batched runner on SQLite\s*: median [\d.]+ s for 600", output);
        Assert.Matches(@"naive \(UserManager.CreateAsync \+ PBKDF2, one at a time, SQLite\): [\d.]+ ms per account on 2 clients", output);
        Assert.Matches(@"batched vs naive: [\d,]+x faster", output);
        if (TestSettings.OnPostgres) Assert.Matches(@"batched runner on PostgreSQL: median [\d.]+ s for 600", output);
    }

    [Fact]
    public async Task Bench_outbox_prints_the_outbox_and_the_bare_loop_and_their_ratio()
    {
        var (code, output, error) = await Run(WithPostgres("bench", "outbox", "--emails", "300", "--runs", "1"));

        Assert.True(code == ExitCodes.Success, error + output);
        Assert.Matches(@"run 1: outbox\s+[\d,]+ emails/s\s+bare MailKit loop\s+[\d,]+ emails/s\s+ratio [\d.]+", output);
        Assert.Matches(@"median SQLite\s*: outbox [\d,]+ emails/s, bare loop [\d,]+ emails/s, ratio [\d.]+", output);
        if (TestSettings.OnPostgres) Assert.Matches(@"median PostgreSQL: outbox [\d,]+ emails/s", output);
    }

    [Theory]
    [InlineData("outbox", "--emails", "0")]
    [InlineData("autogen", "--clients", "lots")]
    public async Task Bench_refuses_bad_counts_as_bad_usage(string scenario, string option, string value)
    {
        var (code, _, error) = await Run("bench", scenario, option, value);

        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains(option, error);
    }
}

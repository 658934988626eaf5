using EBallroom.Portal.Infrastructure.Cli;
using EBallroom.Portal.Tests.TestInfrastructure;

namespace EBallroom.Portal.Tests.Cli;

public class PendingBenchmarkTests : CliTestBase
{
    [Fact]
    public async Task Bench_pending_builds_its_own_studio_and_reports_median_and_p95_of_every_call()
    {
        var (code, output, error) = await Run("bench", "pending", "--clients", "3000", "--requests", "300", "--runs", "2");

        Assert.True(code == ExitCodes.Success, error);
        Assert.Contains("3,000 clients and 300 pending requests", output);
        foreach (var call in new[] { "grid: first page", "grid: sort by name", "dropdown: search last name", "details: fresh suggestions" })
            Assert.Matches(call + @"\s+median\s+[\d.]+ ms\s+p95\s+[\d.]+ ms", output);
    }

    [Theory]
    [InlineData("--requests", "0")]
    [InlineData("--clients", "many")]
    [InlineData("--runs", "-3")]
    public async Task Bench_pending_refuses_nonsense_sizes(string option, string value)
    {
        var (code, _, error) = await Run("bench", "pending", option, value);

        Assert.NotEqual(ExitCodes.Success, code);
        Assert.Contains("whole number", error);
    }
}

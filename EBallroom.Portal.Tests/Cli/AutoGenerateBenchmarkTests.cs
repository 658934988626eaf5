using EBallroom.Portal.Infrastructure.Cli;
using EBallroom.Portal.Tests.TestInfrastructure;

namespace EBallroom.Portal.Tests.Cli;

public class AutoGenerateBenchmarkTests : CliTestBase
{
    [Fact]
    public async Task Bench_autogen_times_the_runner_and_the_naive_way_side_by_side()
    {
        var (code, output, error) = await Run("bench", "autogen", "--clients", "600", "--runs", "1", "--sample", "2");

        Assert.True(code == ExitCodes.Success, error);
        Assert.Matches(@"run 1: [\d.]+ s wall", output);
        Assert.Matches(@"naive \(UserManager.CreateAsync \+ PBKDF2, one at a time\): [\d.]+ ms per account on 2 clients", output);
        Assert.Matches(@"batched vs naive: [\d,]+x faster", output);
    }
}

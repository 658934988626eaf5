using EBallroom.Portal.Infrastructure.Cli;
using EBallroom.Portal.Tests.TestInfrastructure;

namespace EBallroom.Portal.Tests.Cli;

public class AutoGenerateCommandTests : CliTestBase
{
    [Fact]
    public async Task Auto_generate_prints_the_dry_run_summary_then_the_same_counts_after_running_and_nothing_the_second_time()
    {
        var studio = (await Run("create-studio", "--name", "Cli Autogen")).Out.Trim().Split('\n')[^1].Trim();
        var csv = Files.Write("clients.csv", "client_id,first_name,last_name,email,phone,date_of_birth\n" +
            "1,Ana,Lopez,ana@example.com,,\n2,Ben,Okafor,ben@example.com,,\n3,No,Email,,,\n4,Pat,Couple,couple@example.com,,\n5,Sam,Couple,couple@example.com,,\n");
        Assert.Equal(0, (await Run("import-clients", "--studio", studio, "--file", csv)).Code);

        var dry = await Run("auto-generate", "--studio", studio, "--dry-run");
        var run = await Run("auto-generate", "--studio", studio);
        var again = await Run("auto-generate", "--studio", studio);

        Assert.Equal((0, 0, 0), (dry.Code, run.Code, again.Code));
        Assert.Contains("dry run", dry.Out);
        Assert.Matches(@"account created\s+2\b", dry.Out);
        Assert.Matches(@"skipped: no email\s+1\b", dry.Out);
        Assert.Matches(@"skipped: email shared by several clients\s+2\b", dry.Out);
        Assert.Contains("shared email couple@example.com: Pat Couple, Sam Couple", dry.Out);
        Assert.Matches(@"account created\s+2\b", run.Out);
        Assert.Contains("completed", run.Out);
        Assert.DoesNotContain("account created", again.Out);
        Assert.Matches(@"skipped: already has an account\s+2\b", again.Out);
    }

    [Fact]
    public async Task Auto_generate_refuses_an_unknown_studio()
    {
        var (code, _, error) = await Run("auto-generate", "--studio", "999999");

        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("no studio has the ID number 999999", error);
    }
}

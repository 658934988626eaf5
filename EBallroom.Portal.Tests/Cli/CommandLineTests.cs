using EBallroom.Portal.Infrastructure.Cli;
using EBallroom.Portal.Tests.TestInfrastructure;

namespace EBallroom.Portal.Tests.Cli;

/// <summary>The verbs through the same entry point as <c>dotnet run -- VERB</c>, over a real SQLite file.</summary>
public class CommandLineTests : CliTestBase
{
    private async Task<string> CreateStudio(string name = "Cli Studio")
    {
        var (code, output, _) = await Run("create-studio", "--name", name);
        Assert.Equal(0, code);
        return output.Trim().Split('\n')[^1].Trim();
    }

    [Fact]
    public async Task Create_studio_prints_a_six_digit_studio_id_number()
    {
        var number = await CreateStudio();

        Assert.Matches("^[1-9][0-9]{5}$", number);
    }

    [Theory]
    [InlineData(new[] { "create-studio" }, "missing --name")]
    [InlineData(new[] { "create-studio", "--name" }, "--name needs a value")]
    [InlineData(new[] { "create-studio", "--name", "A", "--bogus", "x" }, "unexpected argument '--bogus'")]
    [InlineData(new[] { "create-staff", "--studio", "123456", "--email", "a@example.com" }, "missing --password")]
    [InlineData(new[] { "import-clients", "--file", "x.csv" }, "missing --studio")]
    [InlineData(new[] { "no-such-verb" }, "unknown command")]
    public async Task Bad_usage_exits_2_with_the_usage(string[] args, string expected)
    {
        var (code, _, err) = await Run(args);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(expected, err);
    }

    [Fact]
    public async Task Create_studio_with_a_blank_name_or_unknown_region_fails_with_a_reason()
    {
        Assert.Equal(1, (await Run("create-studio", "--name", "   ")).Code);
        var (code, _, err) = await Run("create-studio", "--name", "X", "--region", "ZZ");
        Assert.Equal(1, code);
        Assert.Contains("not a region code", err);
    }

    [Fact]
    public async Task Create_staff_succeeds_once_and_then_fails_for_the_same_email()
    {
        var studio = await CreateStudio();

        var first = await Run("create-staff", "--studio", studio, "--email", "boss@example.com", "--password", "a long passphrase", "--admin");
        var again = await Run("create-staff", "--studio", studio, "--email", "BOSS@example.com", "--password", "a long passphrase");

        Assert.Equal(0, first.Code);
        Assert.Contains("studio admin", first.Out);
        Assert.Equal(1, again.Code);
        Assert.Contains("already exists", again.Err);
    }

    [Theory]
    [InlineData("999999", "boss@example.com", "a long passphrase", "No studio has the ID number")]
    [InlineData(null, "not-an-email", "a long passphrase", "not a valid email")]
    [InlineData(null, "boss@example.com", "short", "at least 8")]
    [InlineData(null, "boss@example.com", "password123", "too common")]
    public async Task Create_staff_fails_with_a_clear_reason(string? studioNumber, string email, string password, string expected)
    {
        var studio = studioNumber ?? await CreateStudio();

        var (code, _, err) = await Run("create-staff", "--studio", studio, "--email", email, "--password", password);

        Assert.Equal(1, code);
        Assert.Contains(expected, err);
    }

    [Fact]
    public async Task The_built_executable_runs_the_verbs_with_their_exit_codes()
    {
        var dll = typeof(Program).Assembly.Location;
        async Task<(int, string)> Exec(params string[] args)
        {
            var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(dll);
            foreach (var a in args) start.ArgumentList.Add(a);
            TestSettings.ApplyTo(start.Environment, Files.PathFor("process.db"));
            start.Environment["DOTNET_ENVIRONMENT"] = "Production";
            using var process = System.Diagnostics.Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, output);
        }

        var (created, output) = await Exec("create-studio", "--name", "Process Studio");
        var (usage, _) = await Exec("create-studio");
        var (failure, _) = await Exec("create-staff", "--studio", "999999", "--email", "a@example.com", "--password", "a long passphrase");

        Assert.Equal(0, created);
        Assert.Matches("[1-9][0-9]{5}", output);
        Assert.Equal(2, usage);
        Assert.Equal(1, failure);
    }

    [Fact]
    public async Task Import_clients_prints_the_report_and_fails_on_a_bad_file()
    {
        var studio = await CreateStudio();
        var good = Files.Write("good.csv", "client_id,first_name,last_name,email,phone,date_of_birth\nA1,Ana,Lopez,,,\nA2,,Nofirst,,,\n");
        var bad = Files.Write("bad.csv", "name,email\n");

        var ok = await Run("import-clients", "--studio", studio, "--file", good);
        var failed = await Run("import-clients", "--studio", studio, "--file", bad);
        var missing = await Run("import-clients", "--studio", studio, "--file", Files.PathFor("nope.csv"));
        var noStudio = await Run("import-clients", "--studio", "12", "--file", good);

        Assert.Equal(0, ok.Code);
        Assert.Contains("Imported 1, updated 0, unchanged 0, rejected 1.", ok.Out);
        Assert.Contains("line 3: First name is required.", ok.Out);
        Assert.Equal((1, true), (failed.Code, failed.Err.Contains("nothing was changed")));
        Assert.Equal((1, true), (missing.Code, missing.Err.Contains("does not exist")));
        Assert.Equal((1, true), (noStudio.Code, noStudio.Err.Contains("No studio", StringComparison.OrdinalIgnoreCase)));
    }
}

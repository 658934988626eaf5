using EBallroom.Portal.Infrastructure.Cli;
using EBallroom.Portal.Tests.TestInfrastructure;

namespace EBallroom.Portal.Tests.Cli;

public class MatchCommandTests : CliTestBase
{
    private const string Clients =
        "client_id,first_name,last_name,email,phone,date_of_birth\n" +
        "C1,Robert,Smith,rob@example.com,(212) 555-0142,1980-04-12\n" +
        "C2,Grace,Okafor,grace@example.com,312-555-0143,1986-09-30\n" +
        "C3,,Nameless,x@example.com,,\n" +
        "C4,\"Broken \"quote\",Q,,,\n";

    [Fact]
    public async Task Each_registration_gets_a_decision_and_malformed_rows_are_reported_and_skipped()
    {
        var clients = Files.Write("clients.csv", Clients);
        var registrations = Files.Write("registrations.csv",
            "registration_id,first_name,last_name,email,phone,date_of_birth\n" +
            "R1,Bob,Smith,ROB@example.com,,\n" +
            "R2,Grace,Okafor,impostor@example.net,(312) 555-0143,1986-09-30\n" +
            "R3,Yuki,Tanaka,yuki@example.com,,\n" +
            "R4,No,Email,,,\n" +
            "R5,Bad,Date,b@example.com,,31/31/1999\n" +
            "R6,Too,Few\n");
        var decisions = Files.PathFor("decisions.csv");

        var (code, output, error) = await Run("match", "--clients", clients, "--registrations", registrations, "--out", decisions);

        Assert.Equal(0, code);
        Assert.Contains("3 decisions: 1 link, 1 review, 1 new.", output);
        var lines = File.ReadAllLines(decisions);
        Assert.Equal("registration_id,decision,client_id,candidates", lines[0]);
        Assert.Equal("R1,link,C1,C1:0.770", lines[1]);
        Assert.StartsWith("R2,review,C2,C2:0.850", lines[2]);
        Assert.Equal("R3,new,,", lines[3]);
        Assert.Contains("clients.csv line 4: first_name and last_name are required. Skipped.", error);
        Assert.Contains("clients.csv line 5: badly quoted field. Skipped.", error);
        Assert.Contains("registrations.csv line 5: email is required. Skipped.", error);
        Assert.Contains("registrations.csv line 6: date_of_birth is not a date", error);
        Assert.Contains("registrations.csv line 7: expected 6 fields, found 3. Skipped.", error);
    }

    [Fact]
    public async Task Without_out_the_decisions_go_to_standard_output()
    {
        var clients = Files.Write("clients.csv", Clients);
        var registrations = Files.Write("r.csv", "registration_id,first_name,last_name,email,phone,date_of_birth\n\"R,1\",Bob,Smith,rob@example.com,,\n");

        var (code, output, _) = await Run("match", "--clients", clients, "--registrations", registrations);

        Assert.Equal(0, code);
        Assert.Contains("\"R,1\",link,C1,C1:0.770", output);
    }

    [Fact]
    public async Task Missing_files_wrong_columns_and_bad_usage_are_told_apart()
    {
        var clients = Files.Write("clients.csv", Clients);
        var wrong = Files.Write("wrong.csv", "id,name\n1,x\n");
        var binary = Files.PathFor("binary.csv");
        await File.WriteAllBytesAsync(binary, [0x50, 0x4B, 0x03, 0x04, 0xFF, 0xFE, 0x00, 0x81]);

        Assert.Equal(1, (await Run("match", "--clients", clients, "--registrations", Files.PathFor("none.csv"))).Code);
        var (wrongCode, _, wrongError) = await Run("match", "--clients", clients, "--registrations", wrong);
        Assert.Equal(1, wrongCode);
        Assert.Contains("registration_id", wrongError);
        Assert.Equal(1, (await Run("match", "--clients", binary, "--registrations", wrong)).Code);
        Assert.Equal(ExitCodes.Usage, (await Run("match", "--clients", clients)).Code);
        Assert.Equal(1, (await Run("match", "--clients", clients, "--registrations", wrong, "--region", "XX")).Code);
    }

    [Fact]
    public async Task Bench_needs_a_scenario()
    {
        var (code, _, error) = await Run("bench");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("clients, match", error);
        Assert.Equal(ExitCodes.Usage, (await Run("bench", "nonsense")).Code);
    }
}

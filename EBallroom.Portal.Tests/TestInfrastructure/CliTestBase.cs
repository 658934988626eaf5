using EBallroom.Portal.Infrastructure.Cli;

namespace EBallroom.Portal.Tests.TestInfrastructure;

/// <summary>Runs verbs through the same entry point as <c>dotnet run -- VERB</c>, over this test's own SQLite file.</summary>
public abstract class CliTestBase : IDisposable
{
    protected TestFiles Files { get; } = new();

    public void Dispose()
    {
        Files.Dispose();
        GC.SuppressFinalize(this);
    }

    protected async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await PortalCommandLine.RunAsync(args, output, error,
            builder => builder.Configuration.AddInMemoryCollection(TestSettings.For(Files.PathFor("cli.db"))));
        return (code, output.ToString(), error.ToString());
    }
}

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

    /// <summary>Lets a test class change the settings the verbs run with.</summary>
    protected virtual void Adjust(IDictionary<string, string?> settings) { }

    protected async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var settings = TestSettings.For(Files.PathFor("cli.db"));
        Adjust(settings);
        var code = await PortalCommandLine.RunAsync(args, output, error, builder => builder.Configuration.AddInMemoryCollection(settings));
        return (code, output.ToString(), error.ToString());
    }
}

namespace EBallroom.Portal.Infrastructure.Cli;

/// <summary>A command-line verb of the portal executable: its options, and what it does with the app's services.</summary>
public sealed record CliVerb(
    string Name,
    string Summary,
    string Usage,
    IReadOnlyList<string> RequiredOptions,
    IReadOnlyList<string> OptionalOptions,
    IReadOnlyList<string> Flags,
    Func<CliContext, Task<int>> Run,
    bool NeedsDatabase = true,
    IReadOnlyList<string>? Positionals = null);

/// <summary>What a running verb gets: its parsed arguments, the services, and where to write.</summary>
public sealed class CliContext(IReadOnlyDictionary<string, string> options, IReadOnlySet<string> flags, IServiceProvider services, TextWriter output, TextWriter error,
    string? positional = null)
{
    /// <summary>The word after the verb that is not an option (<c>bench match</c>), when the verb takes one.</summary>
    public string? Positional { get; } = positional;

    public IServiceProvider Services { get; } = services;
    public TextWriter Out { get; } = output;
    public TextWriter Error { get; } = error;

    public string Option(string name) => options[name];
    public string? OptionalOption(string name) => options.GetValueOrDefault(name);
    public bool Flag(string name) => flags.Contains(name);

    /// <summary>Writes the reason and returns the failure exit code.</summary>
    public int Fail(string reason)
    {
        Error.WriteLine($"error: {reason}");
        return ExitCodes.Failure;
    }
}

public static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Usage = 2;
}

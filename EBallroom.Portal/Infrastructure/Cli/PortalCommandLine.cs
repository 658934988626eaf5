using EBallroom.Portal.Features.Clients.Import;
using EBallroom.Portal.Features.Staff;
using EBallroom.Portal.Features.Studios;
using EBallroom.Portal.Infrastructure.Data;

namespace EBallroom.Portal.Infrastructure.Cli;

/// <summary>
/// The operations verbs of the portal executable (<c>dotnet run --project EBallroom.Portal -- VERB ...</c>).
/// Exit codes: 0 success, 1 failure with a reason, 2 bad usage with the usage text.
/// </summary>
public static class PortalCommandLine
{
    public static readonly IReadOnlyList<CliVerb> Verbs =
    [
        StudioCommands.CreateStudio,
        StaffCommands.CreateStaff,
        ImportCommands.ImportClients,
        Benchmarks.Bench,
        Features.Matching.MatchCommand.Match,
        Features.Outbox.OutboxCommands.Outbox,
        Features.Registration.RegistrationLinkCommands.RegistrationLink,
        Features.AutoGenerate.AutoGenerateCommands.AutoGenerate,
    ];

    public static bool IsVerb(string[] args) => args.Length > 0 && (Verbs.Any(v => v.Name == args[0]) || args[0] is "help" or "--help" or "-h");

    /// <param name="configure">Lets tests point the verbs at their own database.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        if (args.Length == 0 || args[0] is "help" or "--help" or "-h")
        {
            WriteHelp(output);
            return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Success;
        }
        var verb = Verbs.FirstOrDefault(v => v.Name == args[0]);
        if (verb is null)
        {
            error.WriteLine($"error: unknown command '{args[0]}'.");
            WriteHelp(error);
            return ExitCodes.Usage;
        }
        if (!TryParse(verb, args[1..], out var options, out var flags, out var positional, out var problem))
        {
            error.WriteLine($"error: {problem}");
            error.WriteLine($"usage: {verb.Usage}");
            return ExitCodes.Usage;
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Error);
        configure?.Invoke(builder);
        builder.Services.AddPortalCore(builder.Configuration, builder.Environment);
        await using var app = builder.Build();
        try
        {
            if (verb.NeedsDatabase) await app.Services.MigratePortalDatabaseAsync();
            await using var scope = app.Services.CreateAsyncScope();
            return await verb.Run(new CliContext(options, flags, scope.ServiceProvider, output, error, positional));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.Failure;
        }
    }

    private static bool TryParse(CliVerb verb, string[] args, out Dictionary<string, string> options, out HashSet<string> flags,
        out string? positional, out string? problem)
    {
        options = new(StringComparer.Ordinal);
        flags = new(StringComparer.Ordinal);
        positional = null;
        problem = null;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (verb.Positionals is { } choices && positional is null && !arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (!choices.Contains(arg)) { problem = $"'{arg}' is not one of {string.Join(", ", choices)}."; return false; }
                positional = arg;
                continue;
            }
            var eq = arg.IndexOf('=');
            var name = eq > 0 ? arg[..eq] : arg;
            if (verb.Flags.Contains(name) && eq < 0) { flags.Add(name); continue; }
            if (!verb.RequiredOptions.Contains(name) && !verb.OptionalOptions.Contains(name))
            {
                problem = $"unexpected argument '{arg}'.";
                return false;
            }
            string value;
            if (eq > 0) value = arg[(eq + 1)..];
            else if (i + 1 < args.Length) value = args[++i];
            else { problem = $"{name} needs a value."; return false; }
            if (options.ContainsKey(name)) { problem = $"{name} is given twice."; return false; }
            options[name] = value;
        }
        var given = options;
        var missing = verb.RequiredOptions.Where(o => !given.ContainsKey(o)).ToArray();
        if (missing.Length > 0) { problem = $"missing {string.Join(", ", missing)}."; return false; }
        if (verb.Positionals is { } names && positional is null) { problem = $"say which: {string.Join(", ", names)}."; return false; }
        return true;
    }

    private static void WriteHelp(TextWriter writer)
    {
        writer.WriteLine("EBallroom.Portal: run with no command to start the web portal, or use a command:");
        foreach (var verb in Verbs) writer.WriteLine($"  {verb.Usage}\n      {verb.Summary}");
    }
}

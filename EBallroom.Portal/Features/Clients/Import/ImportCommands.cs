using EBallroom.Portal.Features.Studios;
using EBallroom.Portal.Infrastructure.Cli;

namespace EBallroom.Portal.Features.Clients.Import;

public static class ImportCommands
{
    public static readonly CliVerb ImportClients = new(
        "import-clients", "Imports clients from a CSV file (client_id,first_name,last_name,email,phone,date_of_birth) and prints the report.",
        "import-clients --studio NUMBER --file PATH",
        ["--studio", "--file"], [], [], async ctx =>
        {
            var studio = await ctx.Services.GetRequiredService<StudioService>().FindByIdNumberAsync(ctx.Option("--studio"));
            if (studio is null) return ctx.Fail($"no studio has the ID number {ctx.Option("--studio")}.");
            var path = ctx.Option("--file");
            if (!File.Exists(path)) return ctx.Fail($"the file {path} does not exist.");

            await using var file = File.OpenRead(path);
            var report = await ctx.Services.GetRequiredService<ClientImporter>().ImportAsync(studio.Id, file);
            if (!report.Succeeded) return ctx.Fail(report.Summary);
            ctx.Out.WriteLine(report.Summary);
            foreach (var row in report.Rejected) ctx.Out.WriteLine($"  line {row.Line}: {row.Reason}");
            if (report.RejectedCount > report.Rejected.Count)
                ctx.Out.WriteLine($"  ... and {report.RejectedCount - report.Rejected.Count} more rejected rows.");
            return ExitCodes.Success;
        });
}

using EBallroom.Portal.Infrastructure.Cli;

namespace EBallroom.Portal.Features.Studios;

public static class StudioCommands
{
    public static readonly CliVerb CreateStudio = new(
        "create-studio", "Creates a studio and prints its studio ID number.", "create-studio --name NAME [--region US]",
        ["--name"], ["--region"], [], async ctx =>
        {
            var region = (ctx.OptionalOption("--region") ?? StudioSettings.Default.PhoneRegion).Trim().ToUpperInvariant();
            if (!Clients.PhoneFormat.IsKnownRegion(region)) return ctx.Fail($"'{region}' is not a region code (use two letters, like US or GB).");
            var name = ctx.Option("--name");
            if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > Studio.NameMaxLength)
                return ctx.Fail($"a studio name has 1 to {Studio.NameMaxLength} characters.");
            var studio = await ctx.Services.GetRequiredService<StudioService>().CreateAsync(name, new StudioSettings(region));
            ctx.Out.WriteLine($"Created studio \"{studio.Name}\" with studio ID number {studio.IdNumber}.");
            ctx.Out.WriteLine(studio.IdNumber);
            return ExitCodes.Success;
        });
}

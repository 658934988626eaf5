using EBallroom.Portal.Features.Studios;
using EBallroom.Portal.Infrastructure.Cli;

namespace EBallroom.Portal.Features.Registration;

public static class RegistrationLinkCommands
{
    public static readonly CliVerb RegistrationLink = new(
        "registration-link", "Prints the studio's current magic registration link (creating one if it has none).",
        "registration-link --studio NUMBER",
        ["--studio"], [], [], async ctx =>
        {
            var studio = await ctx.Services.GetRequiredService<StudioService>().FindByIdNumberAsync(ctx.Option("--studio"));
            if (studio is null) return ctx.Fail($"no studio has the ID number {ctx.Option("--studio")}.");
            var link = await ctx.Services.GetRequiredService<RegistrationLinks>().GetOrCreateAsync(studio.Id);
            if (link.Url is null) return ctx.Fail("the link was protected with keys this machine does not have; regenerate it on the Client Registration Links page.");
            ctx.Out.WriteLine(link.Url);
            if (!link.IsEnabled) ctx.Error.WriteLine("note: this link is disabled; enable it on the Client Registration Links page.");
            return ExitCodes.Success;
        });
}

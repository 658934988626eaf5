using EBallroom.Portal.Infrastructure.Cli;

namespace EBallroom.Portal.Features.Staff;

public static class StaffCommands
{
    public static readonly CliVerb CreateStaff = new(
        "create-staff", "Creates a staff sign-in for a studio (--admin: a studio admin).",
        "create-staff --studio NUMBER --email EMAIL --password PASSWORD [--name NAME] [--admin]",
        ["--studio", "--email", "--password"], ["--name"], ["--admin"], async ctx =>
        {
            var result = await ctx.Services.GetRequiredService<StaffAccounts>()
                .CreateAsync(ctx.Option("--studio"), ctx.Option("--email"), ctx.Option("--password"), ctx.Flag("--admin"), ctx.OptionalOption("--name"));
            if (!result.Succeeded) return ctx.Fail(result.Error!);
            ctx.Out.WriteLine($"Created {(ctx.Flag("--admin") ? "studio admin" : "staff member")} {ctx.Option("--email").Trim()}.");
            return ExitCodes.Success;
        });
}

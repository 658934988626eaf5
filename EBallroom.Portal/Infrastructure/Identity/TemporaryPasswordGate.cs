namespace EBallroom.Portal.Infrastructure.Identity;

/// <summary>
/// An account signed in with its temporary password reaches only the page that replaces it (and sign-out, and the
/// files that page needs): everything else redirects there.
/// </summary>
public static class TemporaryPasswordGate
{
    private static readonly string[] Open = ["/Identity/Account/SetNewPassword", "/Identity/Account/Logout", "/assets/", "/_framework/", "/_content/"];

    public static IApplicationBuilder UseTemporaryPasswordGate(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.User.HasClaim(PortalClaims.MustChangePassword, "true")
            && !Open.Any(path => context.Request.Path.StartsWithSegments(path.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)))
        {
            context.Response.Redirect(Areas.Identity.Pages.Account.SetNewPasswordModel.Path);
            return;
        }
        await next();
    });
}

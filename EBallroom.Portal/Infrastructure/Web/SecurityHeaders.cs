namespace EBallroom.Portal.Infrastructure.Web;

/// <summary>
/// Headers every response carries. No-referrer matters most here: registration, confirmation and reset links carry
/// secrets in their URL, and a page must not hand its URL to the next site the visitor opens.
/// </summary>
public static class SecurityHeaders
{
    public static IApplicationBuilder UsePortalSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers["X-Content-Type-Options"] = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers["X-Frame-Options"] = "SAMEORIGIN";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        await next();
    });
}

using System.Text;
using EBallroom.Portal.Infrastructure.Identity;
using Microsoft.AspNetCore.Components.Authorization;

namespace EBallroom.Portal.Features.AutoGenerate;

public static class AutoGenerateEndpoints
{
    /// <summary>The result screen's CSV download: the run's clients and outcomes, for the signed-in staff member's studio only.</summary>
    public static IEndpointRouteBuilder MapAutoGenerateCsv(this IEndpointRouteBuilder app)
    {
        app.MapGet("/portal-accounts/auto-generate/runs/{runId:long}.csv", async (long runId, HttpContext http, AutoGenerateService service,
            AuthenticationStateProvider authentication) =>
        {
            // Outside a Blazor render the authentication state is not set for us: it is this request's user.
            ((IHostEnvironmentAuthenticationStateProvider)authentication).SetAuthenticationState(Task.FromResult(new AuthenticationState(http.User)));
            var csv = new StringWriter();
            if (!await service.WriteCsvAsync(runId, csv, http.RequestAborted)) return Results.NotFound();
            return Results.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray(), "text/csv; charset=utf-8",
                $"auto-generate-run-{runId}.csv");
        }).RequireAuthorization(PortalPolicies.Staff);
        return app;
    }
}

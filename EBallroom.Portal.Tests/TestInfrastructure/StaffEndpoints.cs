using System.Text.RegularExpressions;
using EBallroom.Portal.Infrastructure.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EBallroom.Portal.Tests.TestInfrastructure;

/// <summary>Every GET address the portal guards with a staff policy, read from its own routing table so a new page is covered the day it lands.</summary>
public static class StaffEndpoints
{
    private static readonly string[] StaffPolicies = [PortalPolicies.Staff, PortalPolicies.StudioAdmin];

    public static IReadOnlyList<string> GetUrls(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => StaffPolicies.Contains(a.Policy)
                                                                                 || a.Roles?.Split(',').Any(r => PortalRoles.StaffRoles.Contains(r.Trim())) == true))
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>() is not { } methods || methods.HttpMethods.Contains(HttpMethods.Get))
            .Select(e => "/" + Regex.Replace(e.RoutePattern.RawText!.TrimStart('/'), @"\{[^}]+\}", "1"))
            .Distinct()
            .Order()
            .ToList();
}

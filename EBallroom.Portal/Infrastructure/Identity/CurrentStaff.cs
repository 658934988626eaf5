using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace EBallroom.Portal.Infrastructure.Identity;

/// <summary>The signed-in staff member and their studio: the tenant every staff query is scoped to.</summary>
public sealed record StaffMember(string UserId, string Name, int StudioId, bool IsAdmin);

/// <summary>Reads the staff member from the authentication state, in static and interactive rendering alike.</summary>
public sealed class CurrentStaff(AuthenticationStateProvider authentication)
{
    private StaffMember? _cached;

    public async Task<StaffMember> GetAsync()
    {
        if (_cached is not null) return _cached;
        var state = await authentication.GetAuthenticationStateAsync();
        return _cached = FromPrincipal(state.User)
            ?? throw new UnauthorizedAccessException("This action needs a signed-in staff member of a studio.");
    }

    public static StaffMember? FromPrincipal(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true) return null;
        if (!PortalRoles.StaffRoles.Any(user.IsInRole)) return null;
        if (!int.TryParse(user.FindFirstValue(PortalClaims.StudioId), NumberStyles.None, CultureInfo.InvariantCulture, out var studioId)) return null;
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (id is null) return null;
        var name = user.FindFirstValue("portal:display_name") ?? user.Identity.Name ?? "";
        return new StaffMember(id, name, studioId, user.IsInRole(PortalRoles.StudioAdmin));
    }
}

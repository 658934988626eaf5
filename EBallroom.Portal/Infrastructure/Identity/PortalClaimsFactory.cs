using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace EBallroom.Portal.Infrastructure.Identity;

/// <summary>Puts the staff member's studio into the sign-in cookie, so scoping a query needs no extra lookup.</summary>
internal sealed class PortalClaimsFactory(UserManager<PortalUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<PortalUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(PortalUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.StaffStudioId is { } studioId)
            identity.AddClaim(new Claim(PortalClaims.StudioId, studioId.ToString(CultureInfo.InvariantCulture)));
        if (!string.IsNullOrEmpty(user.DisplayName))
            identity.AddClaim(new Claim("portal:display_name", user.DisplayName));
        if (user.MustChangePassword)
            identity.AddClaim(new Claim(PortalClaims.MustChangePassword, "true"));
        return identity;
    }
}

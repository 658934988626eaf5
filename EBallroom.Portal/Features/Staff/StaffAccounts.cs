using EBallroom.Portal.Features.Studios;
using EBallroom.Portal.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;

namespace EBallroom.Portal.Features.Staff;

public sealed record CreateStaffResult(bool Succeeded, string? Error, string? UserId = null);

/// <summary>Creates staff sign-ins. A staff member belongs to exactly one studio.</summary>
public sealed class StaffAccounts(UserManager<PortalUser> users, StudioService studios)
{
    public async Task<CreateStaffResult> CreateAsync(string studioIdNumber, string email, string password, bool admin, string? displayName = null)
    {
        var studio = await studios.FindByIdNumberAsync(studioIdNumber);
        if (studio is null) return new(false, $"No studio has the ID number {studioIdNumber}.");
        email = email.Trim();
        if (!Features.Clients.ClientRules.IsValidEmail(email)) return new(false, $"\"{email}\" is not a valid email address.");
        if (await users.FindByEmailAsync(email) is not null) return new(false, $"An account with the email {email} already exists.");

        var user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, StaffStudioId = studio.Id, DisplayName = displayName };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded) return new(false, string.Join(" ", created.Errors.Select(e => e.Description)));
        var role = await users.AddToRoleAsync(user, admin ? PortalRoles.StudioAdmin : PortalRoles.Staff);
        if (!role.Succeeded)
        {
            await users.DeleteAsync(user);
            return new(false, string.Join(" ", role.Errors.Select(e => e.Description)));
        }
        return new(true, null, user.Id);
    }
}

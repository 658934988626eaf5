using Microsoft.AspNetCore.Identity;

namespace EBallroom.Portal.Infrastructure.Identity;

/// <summary>
/// One sign-in, keyed by email. Staff belong to exactly one studio (<see cref="StaffStudioId"/>);
/// a customer's account has none and is linked to clients of any number of studios through link records.
/// </summary>
public sealed class PortalUser : IdentityUser
{
    public int? StaffStudioId { get; set; }
    public string? DisplayName { get; set; }

    /// <summary>
    /// Set while the account's password is a temporary one (auto-generated accounts): until then it works, and it must be
    /// replaced at the first sign-in.
    /// </summary>
    public DateTime? TemporaryPasswordExpiresAtUtc { get; set; }

    public bool MustChangePassword => TemporaryPasswordExpiresAtUtc is not null;
}

public static class PortalRoles
{
    public const string StudioAdmin = "StudioAdmin";
    public const string Staff = "Staff";
    public const string Customer = "Customer";
    public static readonly string[] StaffRoles = [StudioAdmin, Staff];
    public static readonly string[] All = [StudioAdmin, Staff, Customer];
}

public static class PortalClaims
{
    public const string StudioId = "portal:studio";

    /// <summary>Present while the signed-in account still has its temporary password.</summary>
    public const string MustChangePassword = "portal:must_change_password";
}

public static class PortalPolicies
{
    /// <summary>Any staff member of a studio.</summary>
    public const string Staff = "Staff";
    public const string StudioAdmin = "StudioAdmin";
}

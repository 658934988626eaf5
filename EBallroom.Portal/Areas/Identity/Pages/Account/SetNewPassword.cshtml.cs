using System.ComponentModel.DataAnnotations;
using EBallroom.Portal.Infrastructure.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EBallroom.Portal.Areas.Identity.Pages.Account;

/// <summary>
/// Where a sign-in with a temporary password lands, and the only page it can reach until a new password is set
/// (<see cref="TemporaryPasswordGate"/>). The new password goes through the portal's rules and Identity's slow hash.
/// </summary>
[Authorize]
public sealed class SetNewPasswordModel(UserManager<PortalUser> users, SignInManager<PortalUser> signIn) : PageModel
{
    public const string Path = "/Identity/Account/SetNewPassword";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? ErrorMessage { get; private set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Choose a new password.")]
        [StringLength(PasswordRules<PortalUser>.MaxLength, ErrorMessage = "A password has at most 128 characters.")]
        public string NewPassword { get; set; } = "";

        [Required(ErrorMessage = "Type the new password again.")]
        [Compare(nameof(NewPassword), ErrorMessage = "The two passwords differ.")]
        public string ConfirmPassword { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        return user.MustChangePassword ? Page() : LocalRedirect(Destination(user));
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        if (!user.MustChangePassword) return LocalRedirect(Destination(user));
        if (!ModelState.IsValid) return Page();

        if (user.PasswordHash is { } current && TemporaryPasswords.IsTemporaryHash(current) && TemporaryPasswords.Verify(current, Input.NewPassword))
        {
            ModelState.AddModelError("Input.NewPassword", "Choose a password of your own, not the temporary one.");
            return Page();
        }
        // The user manager ends the temporary password in the same update (PortalUserManager).
        var result = await users.ResetPasswordAsync(user, await users.GeneratePasswordResetTokenAsync(user), Input.NewPassword);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors) ModelState.AddModelError("Input.NewPassword", error.Description);
            return Page();
        }
        await signIn.RefreshSignInAsync(user);
        return LocalRedirect(Destination(user));
    }

    private string Destination(PortalUser user) =>
        Url.IsLocalUrl(ReturnUrl) && !ReturnUrl!.StartsWith(Path, StringComparison.OrdinalIgnoreCase) ? ReturnUrl! : user.StaffStudioId is null ? "/account" : "/";
}

using System.ComponentModel.DataAnnotations;
using EBallroom.Portal.Infrastructure.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace EBallroom.Portal.Areas.Identity.Pages.Account;

/// <summary>
/// Replaces the default Identity UI sign-in: lockout counts failed attempts, posts are rate limited, and every
/// failure reads the same so the page never tells whether an email has an account.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(IdentityExtensions.SignInRateLimit)]
public sealed class LoginModel(SignInManager<PortalUser> signInManager, UserManager<PortalUser> users, ILogger<LoginModel> logger) : PageModel
{
    public const string FailedMessage = "That email and password do not match an account, or the account is locked for a while. Check them and try again, or reset your password.";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? ErrorMessage { get; private set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your email.")]
        [StringLength(254, ErrorMessage = "An email has at most 254 characters.")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter your password.")]
        [StringLength(PasswordRules<PortalUser>.MaxLength, ErrorMessage = "A password has at most 128 characters.")]
        [DataType(DataType.Password)]
        public string Password { get; set; } = "";

        public bool RememberMe { get; set; }
    }

    public async Task OnGetAsync()
    {
        // A stale external cookie must not leak into a fresh sign-in.
        await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var returnUrl = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/";
        if (!ModelState.IsValid) return Page();

        var result = await signInManager.PasswordSignInAsync(Input.Email.Trim(), Input.Password, Input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            logger.LogInformation("A user signed in.");
            // A temporary password is good for one thing: choosing a new one.
            if (await users.FindByEmailAsync(Input.Email.Trim()) is { MustChangePassword: true })
                return LocalRedirect($"{SetNewPasswordModel.Path}?returnUrl={Uri.EscapeDataString(returnUrl)}");
            return LocalRedirect(returnUrl);
        }
        if (result.IsLockedOut) logger.LogWarning("Sign-in refused: account locked out.");
        ErrorMessage = FailedMessage;
        return Page();
    }
}

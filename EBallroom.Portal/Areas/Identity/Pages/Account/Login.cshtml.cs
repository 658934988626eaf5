using System.ComponentModel.DataAnnotations;
using System.Text;
using System.Text.Encodings.Web;
using EBallroom.Portal.Features.Outbox;
using EBallroom.Portal.Infrastructure.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.WebUtilities;

namespace EBallroom.Portal.Areas.Identity.Pages.Account;

/// <summary>
/// Replaces the default Identity UI sign-in: lockout counts failed attempts, posts are rate limited, and every
/// failure reads the same so the page never tells whether an email has an account.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(IdentityExtensions.SignInRateLimit)]
public sealed class LoginModel(SignInManager<PortalUser> signInManager, UserManager<PortalUser> users, IEmailSender<PortalUser> emails,
    EmailLinks links, TimeProvider time, ILogger<LoginModel> logger) : PageModel
{
    public const string ResetSentMessage = "If that address has a portal account, a link to choose a new password is on its way. It works for 2 hours.";

    public const string FailedMessage = "That email and password do not match an account, or the account is locked for a while. Check them and try again, or reset your password.";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? ErrorMessage { get; private set; }

    /// <summary>Set when the right temporary password was typed after it expired: the page offers a reset link instead.</summary>
    public DateTime? TemporaryPasswordExpiredAtUtc { get; private set; }

    public string? InfoMessage { get; private set; }

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
        if (result.RequiresTwoFactor)
            return RedirectToPage("./LoginWith2fa", new { ReturnUrl = returnUrl, Input.RememberMe });
        if (result.IsLockedOut) logger.LogWarning("Sign-in refused: account locked out.");
        else if (await ExpiredTemporaryAsync(Input.Email.Trim(), Input.Password) is { } expired)
        {
            // Whoever typed it holds the secret we emailed: tell them what happened and do not count it towards lockout.
            await users.ResetAccessFailedCountAsync(expired);
            TemporaryPasswordExpiredAtUtc = expired.TemporaryPasswordExpiresAtUtc;
            return Page();
        }
        ErrorMessage = FailedMessage;
        return Page();
    }

    /// <summary>"Send me a new one": a reset link by email, answered alike whether or not the address has an account.</summary>
    public async Task<IActionResult> OnPostSendResetAsync([FromForm] string? resetEmail)
    {
        ModelState.Clear();
        var email = resetEmail?.Trim() ?? "";
        if (email.Length is > 0 and <= 254 && await users.FindByEmailAsync(email) is { } user)
        {
            var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(await users.GeneratePasswordResetTokenAsync(user)));
            await emails.SendPasswordResetLinkAsync(user, user.Email!, HtmlEncoder.Default.Encode(links.Absolute($"/Identity/Account/ResetPassword?code={code}")));
        }
        Input = new InputModel { Email = email.Length <= 254 ? email : "" };
        InfoMessage = ResetSentMessage;
        return Page();
    }

    private async Task<PortalUser?> ExpiredTemporaryAsync(string email, string password)
    {
        var user = await users.FindByEmailAsync(email);
        return user is { TemporaryPasswordExpiresAtUtc: not null }
               && TemporaryPasswords.Check(user.PasswordHash, user.TemporaryPasswordExpiresAtUtc, password, time.GetUtcNow().UtcDateTime) == TemporaryPasswords.Outcome.Expired
            ? user
            : null;
    }
}

using System.ComponentModel.DataAnnotations;
using System.Text;
using System.Text.Encodings.Web;
using EBallroom.Portal.Infrastructure.Identity;
using EBallroom.Portal.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EBallroom.Portal.Areas.Identity.Pages.Account.Manage;

/// <summary>
/// Replaces Identity UI's page, which leaves the QR code to a script the app must add: here the code is drawn on the
/// server (no JavaScript, as on every account page), next to the key for typing in by hand.
/// </summary>
[Authorize]
public sealed class EnableAuthenticatorModel(UserManager<PortalUser> users, ILogger<EnableAuthenticatorModel> logger) : PageModel
{
    public const string Issuer = "EBallroom Portal";

    public string SharedKey { get; private set; } = "";
    public string AuthenticatorUri { get; private set; } = "";
    public string QrCodeDataUri { get; private set; } = "";

    [TempData] public string[]? RecoveryCodes { get; set; }
    [TempData] public string? StatusMessage { get; set; }

    [BindProperty] public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Type the 6-digit code your app shows.")]
        [StringLength(9, ErrorMessage = "The code has 6 digits.")]
        [Display(Name = "Verification code")]
        public string Code { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        await LoadKeyAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        if (!ModelState.IsValid)
        {
            await LoadKeyAsync(user);
            return Page();
        }
        var code = Input.Code.Replace(" ", "").Replace("-", "");
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            ModelState.AddModelError("Input.Code", "That code does not match. Check the time on your phone and type the newest code.");
            await LoadKeyAsync(user);
            return Page();
        }
        // PortalUserManager emails the owner that two-factor sign-in is on, in the same save.
        await users.SetTwoFactorEnabledAsync(user, true);
        logger.LogInformation("An account turned on two-factor sign-in with an authenticator app.");
        StatusMessage = "Your authenticator app is set up.";
        if (await users.CountRecoveryCodesAsync(user) > 0) return RedirectToPage("./TwoFactorAuthentication");
        RecoveryCodes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))?.ToArray();
        return RedirectToPage("./ShowRecoveryCodes");
    }

    private async Task LoadKeyAsync(PortalUser user)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user) ?? "";
        }
        SharedKey = Grouped(key);
        var label = UrlEncoder.Default.Encode(Issuer) + ":" + UrlEncoder.Default.Encode(await users.GetEmailAsync(user) ?? "");
        AuthenticatorUri = $"otpauth://totp/{label}?secret={key}&issuer={UrlEncoder.Default.Encode(Issuer)}&digits=6";
        QrCodeDataUri = QrCodes.PngDataUri(AuthenticatorUri, pixelsPerModule: 5);
    }

    /// <summary>The key in groups of four, lower case, as authenticator apps accept it typed in.</summary>
    private static string Grouped(string key)
    {
        var result = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            if (i > 0) result.Append(' ');
            result.Append(key.AsSpan(i, Math.Min(4, key.Length - i)));
        }
        return result.ToString().ToLowerInvariant();
    }
}

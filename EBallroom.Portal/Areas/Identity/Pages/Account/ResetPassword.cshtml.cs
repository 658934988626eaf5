using System.ComponentModel.DataAnnotations;
using System.Text;
using EBallroom.Portal.Infrastructure.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;

namespace EBallroom.Portal.Areas.Identity.Pages.Account;

/// <summary>
/// Replaces Identity UI's reset page, which answers a damaged link with a server error: here a link that is cut off,
/// mangled, expired or used reads as such, with the way to a new one. Whether the email has an account stays untold.
/// </summary>
[AllowAnonymous]
public sealed class ResetPasswordModel(UserManager<PortalUser> users) : PageModel
{
    public const string DeadLinkMessage = "This reset link has expired or was already used. Ask for a new one: each link works once, for 2 hours.";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    /// <summary>Set when the link itself cannot be read: the page then offers only a new link.</summary>
    public bool DamagedLink { get; private set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your email.")]
        [StringLength(254, ErrorMessage = "An email has at most 254 characters.")]
        [EmailAddress(ErrorMessage = "Enter an email address like name@example.com.")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Choose a new password.")]
        [StringLength(PasswordRules<PortalUser>.MaxLength, ErrorMessage = "A password has at most 128 characters.")]
        [DataType(DataType.Password)]
        public string Password { get; set; } = "";

        [Required(ErrorMessage = "Type the new password again.")]
        [Compare(nameof(Password), ErrorMessage = "The two passwords differ.")]
        [DataType(DataType.Password)]
        public string ConfirmPassword { get; set; } = "";

        [Required]
        [StringLength(4096)]
        public string Code { get; set; } = "";
    }

    public IActionResult OnGet(string? code)
    {
        if (Decode(code) is not { } token)
        {
            DamagedLink = true;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Input = new InputModel { Code = token };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        // The same outcome page whether or not the address has an account.
        if (await users.FindByEmailAsync(Input.Email.Trim()) is not { } user) return RedirectToPage("./ResetPasswordConfirmation");
        var result = await users.ResetPasswordAsync(user, Input.Code, Input.Password);
        if (result.Succeeded) return RedirectToPage("./ResetPasswordConfirmation");
        foreach (var error in result.Errors)
            ModelState.AddModelError(error.Code == nameof(IdentityErrorDescriber.InvalidToken) ? string.Empty : "Input.Password",
                error.Code == nameof(IdentityErrorDescriber.InvalidToken) ? DeadLinkMessage : error.Description);
        return Page();
    }

    private static string? Decode(string? code)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Length > 4096) return null;
        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

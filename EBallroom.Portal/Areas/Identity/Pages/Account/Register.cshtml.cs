using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EBallroom.Portal.Areas.Identity.Pages.Account;

/// <summary>The default self-registration is switched off: portal accounts are created through a studio.</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class RegisterDisabledModel : PageModel
{
    public IActionResult OnGet() => NotFound();
    public IActionResult OnPost() => NotFound();
}

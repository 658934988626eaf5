using System.Text.RegularExpressions;
using EBallroom.Portal.Features.Clients;
using EBallroom.Portal.Features.Outbox;
using EBallroom.Portal.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace EBallroom.Portal.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class AutoGenerateJourneyTests(BrowserFixture browser)
{
    private static string Shot(string name) => Path.Combine(Directory.CreateDirectory("TestResults").FullName, name);

    [Fact]
    public async Task Staff_press_auto_generate_confirm_the_preview_watch_the_progress_and_see_the_result_then_a_customer_signs_in_from_the_email_and_sees_my_account()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var studio = await browser.App.CreateStudioAsync($"Autogen Studio {tag}");
        var staffEmail = $"autogen-{tag}@example.com";
        await browser.App.CreateStaffAsync(studio, staffEmail, "autogen staff passphrase");
        for (var i = 0; i < 40; i++) await browser.App.AddClientAsync(studio.Id, new ClientDetails($"Dancer{i}", $"Auto{tag}", $"dancer{i}.{tag}@example.com"));
        await browser.App.AddClientAsync(studio.Id, new ClientDetails("No", "Email"));
        await browser.App.AddClientAsync(studio.Id, new ClientDetails("Pat", "Couple", $"couple.{tag}@example.com"));
        await browser.App.AddClientAsync(studio.Id, new ClientDetails("Sam", "Couple", $"couple.{tag}@example.com"));

        var page = await browser.SignedInPageAsync("/portal-accounts?tab=auto-generate", staffEmail, "autogen staff passphrase");
        await page.Locator("[data-testid=auto-generate]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=will-create]")).ToHaveTextAsync("40");
        await Assertions.Expect(page.Locator("[data-testid=shared-emails]")).ToContainTextAsync($"couple.{tag}@example.com");
        await page.ScreenshotAsync(new() { Path = Shot("autogen-preview.png"), FullPage = true });

        await page.Locator("[data-testid=autogen-confirm]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=autogen-progress]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=autogen-summary]")).ToContainTextAsync("40 accounts created, 0 existing accounts linked, 3 clients skipped",
            new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-testid=autogen-outcomes] tbody tr.mud-table-row")).ToHaveCountAsync(25);
        await page.ScreenshotAsync(new() { Path = Shot("autogen-result.png"), FullPage = true });

        // The run lives on the server: a reload shows it, with its CSV.
        await page.ReloadAsync();
        await page.Locator("[data-testid=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Assertions.Expect(page.Locator("[data-testid=autogen-summary]")).ToContainTextAsync("40 accounts created");
        var csv = await page.APIRequest.GetAsync(await page.Locator("[data-testid=autogen-csv]").GetAttributeAsync("href") ?? "");
        Assert.Equal(200, csv.Status);
        Assert.Equal(44, (await csv.TextAsync()).Trim().Split('\n').Length);

        await browser.App.Services.GetRequiredService<OutboxDrainer>().DrainAsync();
        var mailbox = browser.App.Services.GetRequiredService<DevMailbox>().Server.Received;
        Assert.Equal(40, mailbox.Count(m => m.To.EndsWith($".{tag}@example.com") && m.To.StartsWith("dancer")));
        var welcome = mailbox.Single(m => m.To == $"dancer7.{tag}@example.com");
        var password = Regex.Match(welcome.Message.TextBody!, @"Temporary password: (\S+)").Groups[1].Value;

        // The customer reads the welcome email as a mail program shows it, and follows its link to the portal.
        var customer = await browser.NewPageAsync();
        await customer.SetContentAsync(welcome.Message.HtmlBody!);
        await Assertions.Expect(customer.GetByText(password)).ToBeVisibleAsync();
        await customer.ScreenshotAsync(new() { Path = Shot("customer-1-welcome-email.png"), FullPage = true });
        await customer.Locator("a[href$='/account']").First.ClickAsync();
        await customer.WaitForURLAsync("**/Identity/Account/Login**");
        await customer.GetByLabel("Email").FillAsync($"dancer7.{tag}@example.com");
        await customer.GetByLabel("Password").FillAsync(password);
        await customer.ScreenshotAsync(new() { Path = Shot("customer-2-sign-in.png"), FullPage = true });
        await customer.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await customer.WaitForURLAsync("**/Identity/Account/SetNewPassword**");
        await customer.GotoAsync("/account");
        Assert.Contains("/Identity/Account/SetNewPassword", customer.Url); // nowhere else until the password is changed
        await customer.GetByLabel("New password", new() { Exact = true }).FillAsync("my own tango passphrase");
        await customer.GetByLabel("New password again").FillAsync("my own tango passphrase");
        await customer.ScreenshotAsync(new() { Path = Shot("customer-3-set-new-password.png"), FullPage = true });
        await customer.GetByRole(AriaRole.Button, new() { Name = "Save my password" }).ClickAsync();
        await customer.WaitForURLAsync("**/account");
        var record = customer.Locator("[data-testid=linked-studio]");
        await Assertions.Expect(record).ToContainTextAsync(studio.Name);
        await Assertions.Expect(record).ToContainTextAsync($"Dancer7 Auto{tag}");
        await Assertions.Expect(record).ToContainTextAsync($"dancer7.{tag}@example.com");
        await customer.ScreenshotAsync(new() { Path = Shot("customer-4-my-account.png"), FullPage = true });

        // The temporary password is spent: a fresh browser cannot use it again; the new one works.
        var later = await browser.NewPageAsync();
        await later.GotoAsync("/account");
        await later.GetByLabel("Email").FillAsync($"dancer7.{tag}@example.com");
        await later.GetByLabel("Password").FillAsync(password);
        await later.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(later.Locator("[data-testid=login-error]")).ToBeVisibleAsync();
    }
}

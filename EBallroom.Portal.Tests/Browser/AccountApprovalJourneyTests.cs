using EBallroom.Portal.Features.Clients;
using EBallroom.Portal.Features.Outbox;
using EBallroom.Portal.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace EBallroom.Portal.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class AccountApprovalJourneyTests(BrowserFixture browser)
{
    private static string Shot(string name) => Path.Combine(Directory.CreateDirectory("TestResults").FullName, name);

    [Fact]
    public async Task A_staff_member_opens_a_pending_request_loads_the_suggested_client_sees_the_differences_and_approves()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        await browser.App.AddClientAsync(browser.Studio.Id, new ClientDetails("Katherine", $"Zeller{tag}", $"kathy.old.{tag}@example.com", "(415) 555-0188"));
        var email = $"kate.{tag}@example.com";
        await browser.App.Services.CreateRequestAsync(browser.Studio.Id, "Kate", $"Zeller{tag}", email, "+14155550188", nowUtc: DateTime.UtcNow);

        var page = await browser.SignedInPageAsync("/portal-accounts");
        await Assertions.Expect(page.Locator("[data-testid=pending-badge]")).ToBeVisibleAsync();
        var row = page.Locator("[data-testid=pending-grid] tbody tr.mud-table-row").Filter(new() { HasText = email });
        await Assertions.Expect(row).ToContainTextAsync($"Katherine Zeller{tag}");
        await row.Locator("[data-testid=details]").ClickAsync();

        await page.WaitForURLAsync("**/portal-accounts/requests/*");
        await Assertions.Expect(page.Locator("[data-testid=registration-data]")).ToContainTextAsync(email);
        await Assertions.Expect(page.Locator("[data-testid=approve]")).ToHaveTextAsync("Approve as new client");
        await page.Locator("input[data-testid=client-picker]").ClickAsync();
        var suggestion = page.Locator("[data-testid=suggestion]").First;
        await Assertions.Expect(suggestion).ToContainTextAsync($"Katherine Zeller{tag}");
        await Assertions.Expect(suggestion).ToContainTextAsync("nickname");
        await suggestion.ClickAsync();
        await page.Locator("[data-testid=load]").ClickAsync();

        var loaded = page.Locator("[data-testid=loaded-client]");
        await Assertions.Expect(loaded.Locator("td.field-differs")).ToHaveCountAsync(2);
        await Assertions.Expect(loaded.Locator("td[data-field=FirstName]")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("field-differs"));
        await Assertions.Expect(loaded.Locator("td[data-field=Email]")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("field-differs"));
        await Assertions.Expect(loaded.Locator("td[data-field=Phone]")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("field-differs"));
        await Assertions.Expect(page.Locator("[data-testid=approve]")).ToHaveTextAsync("Approve");
        await page.ScreenshotAsync(new() { Path = Shot("details-loaded.png"), FullPage = true });

        await page.Locator("[data-testid=approve]").ClickAsync();
        // The circuit navigates within the page (no load event follows); a loaded machine may take a while to get there.
        try
        {
            await page.WaitForURLAsync("**/portal-accounts", new() { WaitUntil = WaitUntilState.Commit, Timeout = 30_000 });
        }
        catch (TimeoutException e)
        {
            // Say what the page answered instead of navigating (a refused approval shows its reason).
            throw new TimeoutException($"Approve did not navigate; the page says: {await page.Locator("main").InnerTextAsync()}", e);
        }
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync($"Approved: {email} is linked to Katherine Zeller{tag}");
        await Assertions.Expect(page.Locator("[data-testid=pending-grid]")).Not.ToContainTextAsync(email);

        await browser.App.Services.GetRequiredService<OutboxDrainer>().DrainAsync();
        var received = browser.App.Services.GetRequiredService<DevMailbox>().Server.Received.Single(r => r.To == email);
        Assert.Equal($"Your client portal account at {browser.Studio.Name} is ready", received.Subject);
    }
}

using EBallroom.Portal.Features.Outbox;
using EBallroom.Portal.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace EBallroom.Portal.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class EmailJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_staff_member_sends_a_test_email_sees_it_queued_then_sent_and_reads_it_in_the_dev_mailbox()
    {
        var page = await browser.SignedInPageAsync("/outreach/email-queue");
        var grid = page.Locator("[data-testid=email-queue]");

        await page.Locator("[data-testid=send-test-email]").ClickAsync();
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync($"A test email to {BrowserFixture.StaffEmail} is queued.");
        await Assertions.Expect(grid).ToContainTextAsync("Test email from Browser Studio");
        await Assertions.Expect(grid).ToContainTextAsync("Queued");

        await browser.App.Services.GetRequiredService<OutboxDrainer>().DrainAsync();
        await page.Locator("[data-testid=filter-sent]").ClickAsync();
        await Assertions.Expect(grid.Locator("tbody tr.mud-table-row").First).ToContainTextAsync("Sent");

        await page.GotoAsync("/dev/mailbox");
        await page.Locator("[data-testid=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        var item = page.Locator("[data-testid=mailbox-list]").GetByText("Test email from Browser Studio").First;
        await item.ClickAsync();
        var message = page.Locator("[data-testid=mailbox-message]");
        await Assertions.Expect(message).ToContainTextAsync(BrowserFixture.StaffEmail);
        var body = page.FrameLocator("[data-testid=mailbox-message] iframe").Locator("body");
        await Assertions.Expect(body).ToContainTextAsync("This is a test email from the client portal of Browser Studio");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Directory.CreateDirectory("TestResults").FullName, "dev-mailbox.png") });
    }
}

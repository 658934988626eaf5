using System.Text.RegularExpressions;
using EBallroom.Portal.Features.Outbox;
using EBallroom.Portal.Features.Registration;
using EBallroom.Portal.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace EBallroom.Portal.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class RegistrationJourneyTests(BrowserFixture browser)
{
    private static string Shot(string name) => Path.Combine(Directory.CreateDirectory("TestResults").FullName, name);

    [Fact]
    public async Task A_customer_opens_the_magic_link_registers_confirms_from_the_email_and_lands_on_their_account()
    {
        var demo = await browser.DemoStudioAsync();
        string url;
        await using (var scope = browser.App.Services.CreateAsyncScope())
            url = (await scope.ServiceProvider.GetRequiredService<RegistrationLinks>().GetOrCreateAsync(demo.Id)).Url!;
        var email = $"journey-{Guid.NewGuid():N}@example.com";
        var page = await browser.NewPageAsync();

        await page.GotoAsync(url);
        await Assertions.Expect(page.Locator("[data-testid=studio-name]")).ToHaveTextAsync(demo.Name);
        await page.GetByLabel("First name").FillAsync("Jordan");
        await page.GetByLabel("Last name").FillAsync("Rivers");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Phone").FillAsync("(415) 555-0123");
        await page.GetByLabel("Password (at least 8 characters)").FillAsync("short");
        await page.GetByLabel("Password again").FillAsync("short");
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-field-error=Password]")).ToContainTextAsync("at least 8");
        await Assertions.Expect(page.GetByLabel("Email")).ToHaveValueAsync(email);
        await page.ScreenshotAsync(new() { Path = Shot("join-form-errors.png"), FullPage = true });

        await page.GetByLabel("Password (at least 8 characters)").FillAsync("rhythm and blues nights");
        await page.GetByLabel("Password again").FillAsync("rhythm and blues nights");
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=check-email]")).ToBeVisibleAsync();

        await browser.App.Services.GetRequiredService<OutboxDrainer>().DrainAsync();
        var message = browser.App.Services.GetRequiredService<DevMailbox>().Server.Received.Last(r => r.To == email).Message;
        var confirmUrl = Regex.Match(message.HtmlBody!, "href=\"([^\"]*/register/confirm/[^\"]+)\"").Groups[1].Value;
        Assert.StartsWith(browser.BaseUrl, confirmUrl);

        await page.GotoAsync(confirmUrl);
        await page.ScreenshotAsync(new() { Path = Shot("confirm-page.png") });
        await page.Locator("[data-testid=confirm]").ClickAsync();
        await page.WaitForURLAsync("**/account?joined=*");
        await Assertions.Expect(page.Locator("[data-testid=welcome]")).ToContainTextAsync(demo.Name);
        await Assertions.Expect(page.Locator("[data-testid=linked-studio]")).ToContainTextAsync("Jordan Rivers");
        await Assertions.Expect(page.Locator("[data-testid=linked-studio]")).ToContainTextAsync("(415) 555-0123");
        await page.ScreenshotAsync(new() { Path = Shot("account-after-registration.png"), FullPage = true });
    }
}

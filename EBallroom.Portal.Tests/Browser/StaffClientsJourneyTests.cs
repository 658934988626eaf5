using EBallroom.Portal.Tests.TestInfrastructure;
using Microsoft.Playwright;

namespace EBallroom.Portal.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class StaffClientsJourneyTests(BrowserFixture browser)
{
    private static ILocator Rows(IPage page) => page.Locator("[data-testid=clients-grid] tbody tr.mud-table-row");

    [Fact]
    public async Task A_staff_member_signs_in_opens_clients_searches_and_edits_a_client()
    {
        var page = await browser.SignedInPageAsync("/clients");
        await Assertions.Expect(Rows(page)).ToHaveCountAsync(25);

        await page.Locator("input[placeholder='Search name, email or phone']").FillAsync("okafor");
        await Assertions.Expect(Rows(page)).ToHaveCountAsync(2);
        await Assertions.Expect(Rows(page).First).ToContainTextAsync("Okafor");

        var grace = Rows(page).Filter(new() { HasText = "Grace" });
        await grace.Locator("[data-testid=edit-client]").ClickAsync();
        var dialog = page.Locator(".mud-dialog");
        var phone = dialog.Locator("input[data-testid=phone]");
        await Assertions.Expect(phone).ToHaveValueAsync("(312) 555-0143");
        await phone.FillAsync("not a phone");
        await dialog.Locator("[data-testid=save-client]").ClickAsync();
        await Assertions.Expect(dialog).ToContainTextAsync("Phone is not a valid number for region US");

        await phone.FillAsync("312.555.0199");
        await dialog.Locator("[data-testid=save-client]").ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("Grace Okafor saved.");
        await Assertions.Expect(Rows(page).Filter(new() { HasText = "Grace" })).ToContainTextAsync("(312) 555-0199");

        Directory.CreateDirectory("TestResults");
        await page.ScreenshotAsync(new() { Path = Path.Combine("TestResults", "clients-after-edit.png") });
    }

    [Fact]
    public async Task The_menu_mirrors_the_studio_software_and_settings_show_the_studio_id_number()
    {
        var page = await browser.SignedInPageAsync("/outreach/client-portal/settings");

        var nav = page.Locator(".mud-drawer");
        await Assertions.Expect(nav).ToContainTextAsync("Clients");
        await Assertions.Expect(nav).ToContainTextAsync("Outreach");
        await Assertions.Expect(nav).ToContainTextAsync("Client Portal Settings");
        await Assertions.Expect(page.Locator("[data-testid=studio-id-number]")).ToHaveTextAsync(browser.Studio.IdNumber);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Directory.CreateDirectory("TestResults").FullName, "settings.png") });
    }
}

[Collection(BrowserCollection.Name)]
public class StaffImportJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_staff_member_uploads_a_csv_and_sees_the_report_with_the_rejected_line()
    {
        var page = await browser.SignedInPageAsync("/clients");
        await page.Locator("[data-testid=import-clients]").ClickAsync();
        var dialog = page.Locator("[data-testid=import-dialog]").Or(page.Locator(".mud-dialog")).First;

        await ChooseFileAsync(page, new FilePayload
        {
            Name = "clients.csv",
            MimeType = "text/csv",
            Buffer = System.Text.Encoding.UTF8.GetBytes("client_id,first_name,last_name,email,phone,date_of_birth\nUP-1,Uma,Upload,uma@example.com,,\nUP-2,,Broken,,,\n"),
        });
        await dialog.Locator("[data-testid=start-import]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=import-summary]")).ToContainTextAsync("Imported 1, updated 0, unchanged 0, rejected 1.");
        await Assertions.Expect(dialog).ToContainTextAsync("First name is required.");
        await page.Locator("[data-testid=close-import]").ClickAsync();
        await page.Locator("input[placeholder='Search name, email or phone']").FillAsync("upload");
        await Assertions.Expect(page.Locator("[data-testid=clients-grid] tbody tr.mud-table-row")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task A_file_with_wrong_columns_is_refused_in_the_dialog()
    {
        var page = await browser.SignedInPageAsync("/clients");
        await page.Locator("[data-testid=import-clients]").ClickAsync();

        await ChooseFileAsync(page, new FilePayload
        {
            Name = "wrong.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes("name,email\nA,a@example.com\n"),
        });
        await page.Locator("[data-testid=start-import]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=import-error]")).ToContainTextAsync("nothing was changed");
    }

    /// <summary>
    /// The file input reports a choice only once its script has hooked it up, a moment after the dialog renders; choose
    /// again until the dialog names the file.
    /// </summary>
    private static async Task ChooseFileAsync(IPage page, FilePayload file)
    {
        var chosen = page.Locator("[data-testid=import-file-name]");
        for (var attempt = 0; attempt < 10 && !await chosen.IsVisibleAsync(); attempt++)
        {
            await page.Locator(".mud-dialog input[type=file]").SetInputFilesAsync(file);
            try { await chosen.WaitForAsync(new() { Timeout = 1000 }); } catch (TimeoutException) { }
        }
        await Assertions.Expect(chosen).ToContainTextAsync(file.Name);
    }
}

using Bunit;
using EBallroom.Portal.Features.Clients;
using EBallroom.Portal.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace EBallroom.Portal.Tests.Features.Clients;

public class ClientDialogTests : BunitTest
{
    private async Task<(IRenderedComponent<MudDialogProvider> Provider, Task<DialogResult?> Result)> OpenAsync(ClientRow? client = null)
    {
        Context.Render<MudPopoverProvider>();
        var provider = Context.Render<MudDialogProvider>();
        var dialogs = Context.Services.GetRequiredService<IDialogService>();
        IDialogReference? reference = null;
        await provider.InvokeAsync(async () =>
            reference = await dialogs.ShowAsync<ClientDialog>(null, new DialogParameters<ClientDialog> { { d => d.Client, client } }));
        return (provider, reference!.Result);
    }

    private static void Type(IRenderedComponent<MudDialogProvider> provider, string testId, string value) =>
        provider.Find($"[data-testid={testId}] input, input[data-testid={testId}]").Change(value);

    private static string ErrorsText(IRenderedComponent<MudDialogProvider> provider) =>
        string.Join("\n", provider.FindAll(".mud-input-helper-text.mud-input-error, .mud-input-error").Select(e => e.TextContent));

    private async Task<int> ClientCount()
    {
        await using var db = await Host.DbAsync();
        return await db.Clients.CountAsync();
    }

    [Fact]
    public async Task Saving_without_names_shows_the_required_errors_and_saves_nothing()
    {
        var (provider, result) = await OpenAsync();

        provider.Find("[data-testid=save-client]").Click();

        provider.WaitForAssertion(() =>
        {
            Assert.Contains("First name is required.", ErrorsText(provider));
            Assert.Contains("Last name is required.", ErrorsText(provider));
        });
        Assert.False(result.IsCompleted);
        Assert.Equal(0, await ClientCount());
    }

    [Fact]
    public async Task A_malformed_email_and_a_phone_of_no_region_are_shown_beside_their_fields()
    {
        var (provider, _) = await OpenAsync();
        Type(provider, "first-name", "Ana");
        Type(provider, "last-name", "Lopez");
        Type(provider, "email", "ana@nowhere");
        Type(provider, "phone", "555");

        provider.Find("[data-testid=save-client]").Click();

        provider.WaitForAssertion(() =>
        {
            Assert.Contains("Email is not a valid address", ErrorsText(provider));
            Assert.Contains("Phone is not a valid number for region US", ErrorsText(provider));
        });
        Assert.Equal(0, await ClientCount());
    }

    [Fact]
    public async Task A_valid_client_is_saved_and_the_dialog_closes_with_it()
    {
        var (provider, result) = await OpenAsync();
        Type(provider, "first-name", "Ana");
        Type(provider, "last-name", "Lopez");
        Type(provider, "email", "ana@example.com");
        Type(provider, "phone", "212 555 0142");

        provider.Find("[data-testid=save-client]").Click();

        var closed = await result.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("Ana Lopez", Assert.IsType<ClientRow>(closed!.Data).FullName);
        await using var db = await Host.DbAsync();
        Assert.Equal("+12125550142", (await db.Clients.SingleAsync()).Phone);
    }

    [Fact]
    public async Task Editing_a_client_someone_else_just_changed_says_so_and_keeps_their_change()
    {
        var id = await Host.AddClientAsync(Studio.Id, new ClientDetails("Ana", "Lopez"));
        var row = (await Host.AsAsync(Staff, s => s.GetAsync(id)))!;
        var (provider, result) = await OpenAsync(row);
        await Host.AsAsync(Staff, s => s.UpdateAsync(id, row.Version, new ClientDetails("Anna", "Lopez")));

        Type(provider, "first-name", "Ann");
        provider.Find("[data-testid=save-client]").Click();

        provider.WaitForAssertion(() => Assert.Contains("Someone else changed this client", provider.Find("[data-testid=client-dialog-message]").TextContent));
        Assert.False(result.IsCompleted);
        Assert.Equal("Anna", (await Host.AsAsync(Staff, s => s.GetAsync(id)))!.FirstName);
    }

    [Fact]
    public async Task The_edit_dialog_starts_from_the_clients_current_details()
    {
        var id = await Host.AddClientAsync(Studio.Id, new ClientDetails("Ana", "Lopez", "ana@example.com", "2125550142", new DateOnly(1990, 5, 1)));
        var (provider, _) = await OpenAsync(await Host.AsAsync(Staff, s => s.GetAsync(id)));

        Assert.Equal("ana@example.com", provider.Find("[data-testid=email] input, input[data-testid=email]").GetAttribute("value"));
        Assert.Equal("(212) 555-0142", provider.Find("[data-testid=phone] input, input[data-testid=phone]").GetAttribute("value"));
    }
}

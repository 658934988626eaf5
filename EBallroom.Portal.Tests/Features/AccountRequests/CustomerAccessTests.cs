using System.Net;
using EBallroom.Portal.Features.AccountRequests;
using EBallroom.Portal.Features.Clients;
using EBallroom.Portal.Infrastructure.Identity;
using EBallroom.Portal.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace EBallroom.Portal.Tests.Features.AccountRequests;

/// <summary>What staff do on the Portal Accounts tab reaches the customer's very next page, over real HTTP.</summary>
public class CustomerAccessTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    private const string Password = "a customer passphrase";

    /// <summary>Runs a staff service as <paramref name="staffEmail"/> would from the dashboard.</summary>
    private async Task<T> AsStaff<T, TService>(string staffEmail, Func<TService, Task<T>> action) where TService : notnull
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<PortalUser>>().CreateAsync((await users.FindByEmailAsync(staffEmail))!);
        ((IHostEnvironmentAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>())
            .SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        return await action(scope.ServiceProvider.GetRequiredService<TService>());
    }

    [Fact]
    public async Task Unlink_and_disable_take_effect_on_the_customers_next_request()
    {
        var studio = await app.CreateStudioAsync("Access Studio");
        var staff = $"staff-{Guid.NewGuid():N}@example.com";
        await app.CreateStaffAsync(studio, staff, "staff passphrase here");
        var email = $"customer-{Guid.NewGuid():N}@example.com";
        var clientId = await app.AddClientAsync(studio.Id, new ClientDetails("Nora", "Quill", email, "212 555 0101"));
        var request = await app.Services.CreateRequestAsync(studio.Id, "Nora", "Quill", email, password: Password, nowUtc: DateTime.UtcNow);
        var details = (await AsStaff<RequestDetails?, AccountManagement>(staff, m => m.DetailsAsync(request.Id)))!;
        Assert.True((await AsStaff<DecisionResult, RequestDecisions>(staff, d => d.ApproveAsync(request.Id, details.Version, clientId))).Succeeded);
        var linkId = (await AsStaff<Page<PortalAccountRow>, PortalAccounts>(staff, a => a.GetPageAsync(email, 0, 25))).Items.Single().LinkId;

        var customer = app.CreateBrowserLikeClient();
        (await customer.SignInAsync(email, Password, "/account")).AssertRedirectsTo("/account");
        Assert.Contains("Nora Quill", await customer.GetStringAsync("/account"));

        Assert.True((await AsStaff<AccountActionResult, PortalAccounts>(staff, a => a.SetSignInDisabledAsync(linkId, true))).Succeeded);
        var disabled = await customer.GetStringAsync("/account");
        Assert.Contains("Access Studio has turned off your access", disabled);
        Assert.DoesNotContain("Nora Quill", disabled);
        Assert.DoesNotContain("555", disabled);

        Assert.True((await AsStaff<AccountActionResult, PortalAccounts>(staff, a => a.SetSignInDisabledAsync(linkId, false))).Succeeded);
        Assert.Contains("Nora Quill", await customer.GetStringAsync("/account"));

        Assert.True((await AsStaff<AccountActionResult, PortalAccounts>(staff, a => a.UnlinkAsync(linkId))).Succeeded);
        var unlinked = await customer.GetStringAsync("/account");
        Assert.DoesNotContain("Nora Quill", unlinked);
        Assert.Contains("not linked to a studio yet", unlinked);

        // A customer never reaches the staff page.
        var staffPage = await customer.GetAsync("/portal-accounts");
        Assert.True(staffPage.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect or HttpStatusCode.Found,
            $"A customer got {(int)staffPage.StatusCode} from a staff page.");
        if (staffPage.Headers.Location is { } location) Assert.DoesNotContain("/portal-accounts", location.OriginalString.Split('?')[0]);
    }
}

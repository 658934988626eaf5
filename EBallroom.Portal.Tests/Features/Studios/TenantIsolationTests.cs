using System.Security.Claims;
using EBallroom.Portal.Features.Clients;
using EBallroom.Portal.Features.Clients.Import;
using EBallroom.Portal.Features.Studios;
using EBallroom.Portal.Infrastructure.Identity;
using EBallroom.Portal.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace EBallroom.Portal.Tests.Features.Studios;

/// <summary>Staff of studio B get nothing of studio A, whatever id they use.</summary>
public class TenantIsolationTests : IAsyncLifetime
{
    private readonly PortalTestHost _host = new();
    private StudioInfo _a = default!, _b = default!;
    private ClaimsPrincipal _staffA = default!, _staffB = default!;
    private int _clientOfA;

    public async Task InitializeAsync()
    {
        await _host.InitializeAsync();
        _a = await _host.CreateStudioAsync("Studio A");
        _b = await _host.CreateStudioAsync("Studio B");
        _staffA = await _host.CreateStaffAsync(_a, "staff@a.example", admin: true);
        _staffB = await _host.CreateStaffAsync(_b, "staff@b.example", admin: true);
        _clientOfA = await _host.AddClientAsync(_a.Id, new ClientDetails("Ana", "Lopez", "ana@example.com", "212 555 0142", ExternalId: "X1"));
    }

    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Another_studios_client_is_not_found_by_id()
    {
        Assert.Null(await _host.AsAsync(_staffB, s => s.GetAsync(_clientOfA)));
        Assert.NotNull(await _host.AsAsync(_staffA, s => s.GetAsync(_clientOfA)));
    }

    [Fact]
    public async Task Another_studios_client_cannot_be_edited_even_with_its_version()
    {
        var real = (await _host.AsAsync(_staffA, s => s.GetAsync(_clientOfA)))!;

        var result = await _host.AsAsync(_staffB, s => s.UpdateAsync(_clientOfA, real.Version, new ClientDetails("Hacked", "Name")));

        Assert.Equal(SaveStatus.NotFound, result.Status);
        Assert.Equal("Ana", (await _host.AsAsync(_staffA, s => s.GetAsync(_clientOfA)))!.FirstName);
    }

    [Fact]
    public async Task Another_studios_clients_never_appear_in_the_grid_or_its_search()
    {
        var all = await _host.AsAsync(_staffB, s => s.GetPageAsync(new ClientQuery()));
        var search = await _host.AsAsync(_staffB, s => s.GetPageAsync(new ClientQuery("ana")));

        Assert.Equal(0, all.TotalCount);
        Assert.Equal(0, search.TotalCount);
    }

    [Fact]
    public async Task Another_studios_client_id_can_be_reused_and_an_import_never_touches_the_other_studio()
    {
        var created = await _host.AsAsync(_staffB, s => s.CreateAsync(new ClientDetails("Bo", "Kim", ExternalId: "X1")));
        Assert.Equal(SaveStatus.Saved, created.Status);

        await using var scope = _host.As(_staffB);
        var csv = "client_id,first_name,last_name,email,phone,date_of_birth\nX1,Bob,Kim,,,\n";
        var report = await scope.ServiceProvider.GetRequiredService<ClientImporter>().ImportAsync(_b.Id, new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv)));

        Assert.Equal(1, report.Updated);
        Assert.Equal("Ana", (await _host.AsAsync(_staffA, s => s.GetAsync(_clientOfA)))!.FirstName);
    }

    [Fact]
    public async Task Studio_settings_show_and_rename_only_the_staff_members_own_studio()
    {
        await using (var scope = _host.As(_staffB))
        {
            var mine = scope.ServiceProvider.GetRequiredService<MyStudio>();
            Assert.Equal(_b.IdNumber, (await mine.GetAsync()).IdNumber);
            Assert.Equal(RenameStatus.Renamed, (await mine.RenameAsync("Studio B Renamed")).Status);
        }
        await using var check = _host.Services.CreateAsyncScope();
        var studios = check.ServiceProvider.GetRequiredService<StudioService>();
        Assert.Equal("Studio A", (await studios.GetAsync(_a.Id))!.Name);
        Assert.Equal("Studio B Renamed", (await studios.GetAsync(_b.Id))!.Name);
    }

    [Fact]
    public async Task Only_a_studio_admin_may_rename_the_studio()
    {
        var plainStaff = await _host.CreateStaffAsync(_a, "plain@a.example", admin: false);
        await using var scope = _host.As(plainStaff);

        var (status, _) = await scope.ServiceProvider.GetRequiredService<MyStudio>().RenameAsync("Mine now");

        Assert.Equal(RenameStatus.Forbidden, status);
    }

    [Fact]
    public async Task A_signed_in_user_without_a_staff_role_or_studio_gets_nothing()
    {
        var customer = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "c1"), new Claim(PortalClaims.StudioId, _a.Id.ToString())], "test"));

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => _host.AsAsync(customer, s => s.GetAsync(_clientOfA)));
    }
}

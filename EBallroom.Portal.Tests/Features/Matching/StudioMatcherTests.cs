using System.Security.Claims;
using EBallroom.Portal.Features.Clients;
using EBallroom.Portal.Features.Clients.Import;
using EBallroom.Portal.Features.Matching;
using EBallroom.Portal.Features.Matching.Evaluation;
using EBallroom.Portal.Features.Studios;
using EBallroom.Portal.Infrastructure.Data;
using EBallroom.Portal.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace EBallroom.Portal.Tests.Features.Matching;

/// <summary>The portal's matcher over a real SQLite file: the database's indexes, kept in step with edits and imports.</summary>
public class StudioMatcherTests : IAsyncLifetime
{
    private readonly PortalTestHost _host = new();
    private StudioInfo _studio = default!, _other = default!;
    private ClaimsPrincipal _staff = default!;

    public async Task InitializeAsync()
    {
        await _host.InitializeAsync();
        _studio = await _host.CreateStudioAsync("Studio A");
        _other = await _host.CreateStudioAsync("Studio B");
        _staff = await _host.CreateStaffAsync(_studio, "staff@a.example");
    }

    public Task DisposeAsync() => _host.DisposeAsync();

    private async Task<MatchResult> Match(Registration r, StudioInfo? studio = null)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<StudioMatcher>().MatchAsync((studio ?? _studio).Id, r);
    }

    [Fact]
    public async Task A_client_edited_to_a_new_email_is_linked_by_it_at_once()
    {
        var created = (await _host.AsAsync(_staff, s => s.CreateAsync(new ClientDetails("Robert", "Smith", "old@example.com")))).Client!;
        await _host.AsAsync(_staff, s => s.UpdateAsync(created.Id, created.Version, new ClientDetails("Robert", "Smith", "new@example.com")));

        var byNew = await Match(new Registration("Bob", "Smith", "NEW@example.com"));
        var byOld = await Match(new Registration("Bob", "Smith", "old@example.com"));

        Assert.Equal((MatchDecision.Link, (int?)created.Id), (byNew.Decision, byNew.LinkedClientId));
        Assert.NotEqual(MatchDecision.Link, byOld.Decision);
    }

    [Fact]
    public async Task Imported_clients_are_found_by_every_key()
    {
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var csv = "client_id,first_name,last_name,email,phone,date_of_birth\nK1,Katherine,O'Brien,kob@example.com,(212) 555-0142,1980-04-12\n";
            await scope.ServiceProvider.GetRequiredService<ClientImporter>().ImportAsync(_studio.Id, new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv)));
        }

        var byEmail = await Match(new Registration("Kate", "OBrien", "kob@example.com"));
        var byPhone = await Match(new Registration("Kathy", "Brown", "k@example.net", "212.555.0142"));
        var byName = await Match(new Registration("Catherine", "O'Brien", "k2@example.net"));
        var byFirstAndBirth = await Match(new Registration("Katherine", "Walsh", "k3@example.net", BirthDate: new DateOnly(1980, 4, 12)));

        Assert.Equal(MatchDecision.Link, byEmail.Decision);
        Assert.All([byPhone, byName, byFirstAndBirth], r => Assert.Single(r.Candidates));
    }

    [Fact]
    public async Task Another_studios_clients_are_never_candidates()
    {
        await _host.AddClientAsync(_other.Id, new ClientDetails("Grace", "Okafor", "grace@example.com", "312 555 0143", new DateOnly(1986, 9, 30)));

        var result = await Match(new Registration("Grace", "Okafor", "grace@example.com", "312 555 0143", new DateOnly(1986, 9, 30)));

        Assert.Equal((MatchDecision.New, 0), (result.Decision, result.Candidates.Count));
    }

    [Fact]
    public async Task The_database_and_the_in_memory_index_decide_alike_on_the_labelled_set()
    {
        var set = SyntheticMatchSet.Generate(clientCount: 1_500, registrationsPerCase: 10, seed: 11);
        var ids = new Dictionary<int, int>();
        await using (var db = await _host.DbAsync())
        {
            var now = DateTime.UtcNow;
            var entities = set.Clients.Select(c => (c.Id, Entity: Client.Create(_studio.Id,
                new ValidClientDetails(c.FirstName, c.LastName, c.Email, c.Phone, c.BirthDate, PostalAddress.Empty, null, null), now))).ToList();
            db.Clients.AddRange(entities.Select(e => e.Entity));
            await db.SaveChangesAsync();
            foreach (var (id, entity) in entities) ids[entity.Id] = id;
        }
        var index = new MatchIndex(set.Clients, "US");

        foreach (var labelled in set.Registrations)
        {
            var memory = index.Match(labelled.Registration);
            var database = await Match(labelled.Registration);
            Assert.Equal(memory.Decision, database.Decision);
            Assert.Equal(memory.LinkedClientId, database.LinkedClientId is { } l ? ids[l] : null);
            Assert.Equal(memory.Candidates.Select(c => (c.ClientId, c.Score)), database.Candidates.Select(c => (ids[c.ClientId], c.Score)));
        }
    }
}

using EBallroom.Portal.Features.Clients;
using EBallroom.Portal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace EBallroom.Portal.Features.Matching;

/// <summary>
/// Matches a registration against one studio's clients through the database's indexes on the matcher's keys. The keys
/// are columns of the client, written whenever it is created, edited or imported, so the index is never out of step.
/// </summary>
public sealed class StudioMatcher(IDbContextFactory<PortalDbContext> dbFactory)
{
    /// <summary>Enough for any real studio; caps the cost of a pathological bucket (hundreds of one name).</summary>
    public const int MaxCandidatesPerKey = 200;

    public async Task<MatchResult> MatchAsync(int studioId, Registration registration, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var region = await ClientService.RegionAsync(db, studioId, cancellationToken);
        var probe = MatchScorer.Probe.From(registration, region);
        var clients = db.Clients.AsNoTracking().Where(c => c.StudioId == studioId);
        var birth = registration.BirthDate;

        // One indexed lookup per key, unioned: an OR across different indexes is not reliably planned as one.
        var lookups = new List<IQueryable<Client>>
        {
            clients.Where(c => c.LastNameKey == probe.LastKey && c.FirstNameKey == probe.FirstKey).Take(MaxCandidatesPerKey),
        };
        if (probe.Email is not null) lookups.Add(clients.Where(c => c.NormalizedEmail == probe.Email).Take(MaxCandidatesPerKey));
        if (probe.Phone is not null) lookups.Add(clients.Where(c => c.Phone == probe.Phone).Take(MaxCandidatesPerKey));
        if (birth is not null)
        {
            lookups.Add(clients.Where(c => c.LastNameKey == probe.LastKey && c.BirthDate == birth).Take(MaxCandidatesPerKey));
            lookups.Add(clients.Where(c => c.FirstNameKey == probe.FirstKey && c.BirthDate == birth).Take(MaxCandidatesPerKey));
        }

        var found = new Dictionary<int, MatchClient>();
        foreach (var lookup in lookups)
        {
            var rows = await lookup.Select(c => new { c.Id, c.FirstName, c.LastName, c.Email, c.Phone, c.BirthDate }).ToListAsync(cancellationToken);
            foreach (var c in rows) found.TryAdd(c.Id, new MatchClient(c.Id, c.FirstName, c.LastName, c.Email, c.Phone, c.BirthDate));
        }
        return MatchScorer.Decide(probe, found.Values);
    }
}

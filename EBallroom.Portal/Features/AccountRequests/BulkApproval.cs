using EBallroom.Portal.Infrastructure.Data;
using EBallroom.Portal.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore;

namespace EBallroom.Portal.Features.AccountRequests;

/// <summary>One line of the bulk-approve confirmation: a request and the client it will be linked to, or why it is left out.</summary>
public sealed record BulkLine(long RequestId, Guid Version, string RequestName, string Email, int? ClientId, string? ClientName, double? Score,
    string? SkipReason)
{
    public bool WillApprove => SkipReason is null;
}

public sealed record BulkOutcome(BulkLine Line, DecisionResult Result);

/// <summary>
/// After an open house a studio gets dozens of requests at once: approve the selected ones, each to the matcher's top
/// suggestion. The preview lists exactly what will be linked; each approval is then its own transaction.
/// </summary>
public sealed class BulkApproval(IDbContextFactory<PortalDbContext> dbFactory, CurrentStaff currentStaff, RequestDecisions decisions)
{
    public const int MaxRequests = 200;

    public async Task<IReadOnlyList<BulkLine>> PreviewAsync(IReadOnlyCollection<long> requestIds, CancellationToken cancellationToken = default)
    {
        var staff = await currentStaff.GetAsync();
        var ids = requestIds.Distinct().Take(MaxRequests).ToList();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var requests = await db.AccountRequests.AsNoTracking()
            .Where(r => r.StudioId == staff.StudioId && ids.Contains(r.Id))
            .OrderByDescending(r => r.TopCandidateScore).ThenBy(r => r.Id)
            .ToListAsync(cancellationToken);
        var clientIds = requests.Select(r => r.TopCandidateClientId).OfType<int>().Distinct().ToList();
        var clients = await db.Clients.AsNoTracking().Where(c => c.StudioId == staff.StudioId && clientIds.Contains(c.Id))
            .Select(c => new { c.Id, Name = c.FirstName + " " + c.LastName }).ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        var takenClients = await (from l in db.PortalLinks
                                  join u in db.Users on l.UserId equals u.Id
                                  where clientIds.Contains(l.ClientId)
                                  select new { l.ClientId, u.Email }).ToDictionaryAsync(l => l.ClientId, l => l.Email, cancellationToken);
        var userIds = requests.Select(r => r.UserId).ToList();
        var linkedUsers = (await db.PortalLinks.Where(l => l.StudioId == staff.StudioId && userIds.Contains(l.UserId)).Select(l => l.UserId)
            .ToListAsync(cancellationToken)).ToHashSet();

        var claimed = new HashSet<int>();
        var lines = new List<BulkLine>();
        foreach (var r in requests)
        {
            var name = $"{r.FirstName} {r.LastName}";
            var clientName = r.TopCandidateClientId is { } top ? clients.GetValueOrDefault(top) : null;
            string? skip = null;
            if (!r.IsPending) skip = $"already {(r.Status == RequestStatus.Approved ? "approved" : "denied")} by {r.DecidedByName}";
            else if (clientName is null) skip = "no suggested client: open Details to choose one or approve as a new client";
            else if (linkedUsers.Contains(r.UserId)) skip = "this account is already linked to a client of your studio";
            else if (takenClients.GetValueOrDefault(r.TopCandidateClientId!.Value) is { } other) skip = $"{clientName} is already linked to {other}";
            else if (!claimed.Add(r.TopCandidateClientId!.Value)) skip = $"another selected request is suggested {clientName} too: decide these in Details";
            lines.Add(new BulkLine(r.Id, r.Version, name, r.Email, skip is null ? r.TopCandidateClientId : null, clientName, r.TopCandidateScore, skip));
        }
        // The highest-scoring request kept a shared suggestion above; the confirmation reads best in the order staff chose.
        return lines.OrderBy(l => ids.IndexOf(l.RequestId)).ToList();
    }

    /// <summary>Approves the lines the preview said it would, and reports each: a request someone decided meanwhile is reported, not redone.</summary>
    public async Task<IReadOnlyList<BulkOutcome>> ApproveAsync(IReadOnlyList<BulkLine> preview, CancellationToken cancellationToken = default)
    {
        var outcomes = new List<BulkOutcome>();
        foreach (var line in preview.Where(l => l.WillApprove).Take(MaxRequests))
            outcomes.Add(new BulkOutcome(line, await decisions.ApproveAsync(line.RequestId, line.Version, line.ClientId, cancellationToken: cancellationToken)));
        return outcomes;
    }
}

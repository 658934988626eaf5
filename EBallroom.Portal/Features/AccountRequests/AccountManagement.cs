using EBallroom.Portal.Features.Clients;
using EBallroom.Portal.Features.Matching;
using EBallroom.Portal.Infrastructure.Data;
using EBallroom.Portal.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore;

namespace EBallroom.Portal.Features.AccountRequests;

public enum RequestSort { Submitted, Name, Email, Source, Score }

public sealed record RequestQuery(string? Search = null, RequestSource? Source = null, RequestSort Sort = RequestSort.Submitted,
    bool Descending = true, int Page = 0, int PageSize = 25);

public sealed record PendingRow(long Id, Guid Version, DateTime SubmittedAtUtc, string FirstName, string LastName, string Email,
    string PhoneDisplay, RequestSource Source, int? TopClientId, string? TopClientName, double? TopScore)
{
    public string FullName => $"{FirstName} {LastName}";
}

public sealed record HistoryRow(long Id, DateTime DecidedAtUtc, string FirstName, string LastName, string Email, RequestStatus Status,
    string DecidedByName, string? Reason, bool CustomerNotified, int? LinkedClientId, string? LinkedClientName, RequestSource Source)
{
    public string FullName => $"{FirstName} {LastName}";
}

public sealed record Page<T>(IReadOnlyList<T> Items, int TotalCount);

/// <summary>A client staff can pick in the Details panel: a matcher's suggestion (with score and reasons) or a search hit.</summary>
public sealed record ClientOption(int ClientId, string FullName, string? Email, string PhoneDisplay, DateOnly? BirthDate,
    double? Score = null, string? Reasons = null, string? LinkedAccountEmail = null)
{
    public bool IsSuggestion => Score is not null;

    public override string ToString() => Email is null ? FullName : $"{FullName} <{Email}>";
}

public sealed record RequestDetails(long Id, Guid Version, RequestStatus Status, DateTime SubmittedAtUtc, RequestSource Source,
    string FirstName, string LastName, string Email, string? Phone, string PhoneDisplay, DateOnly? BirthDate,
    IReadOnlyList<ClientOption> Suggestions, string? DecidedByName, DateTime? DecidedAtUtc, string? LinkedClientOfAccount)
{
    public string FullName => $"{FirstName} {LastName}";
}

/// <summary>A client's fields as the Database Data column shows them, and the account it is linked to, if any.</summary>
public sealed record LoadedClient(int ClientId, Guid Version, string FirstName, string LastName, string? Email, string? Phone,
    string PhoneDisplay, DateOnly? BirthDate, string? LinkedAccountEmail)
{
    public string FullName => $"{FirstName} {LastName}";
}

/// <summary>
/// What the Client Portal Account Management page reads: pending requests, decided ones, a request's details with fresh
/// suggestions, and clients to link. Every query is scoped to the signed-in staff member's studio.
/// </summary>
public sealed class AccountManagement(IDbContextFactory<PortalDbContext> dbFactory, CurrentStaff currentStaff, StudioMatcher matcher)
{
    public const int MaxPageSize = 100;
    public const int MaxSearchResults = 20;

    public async Task<int> PendingCountAsync(CancellationToken cancellationToken = default)
    {
        var staff = await currentStaff.GetAsync();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.AccountRequests.CountAsync(r => r.StudioId == staff.StudioId && r.Status == RequestStatus.Pending, cancellationToken);
    }

    public async Task<Page<PendingRow>> PendingAsync(RequestQuery query, CancellationToken cancellationToken = default)
    {
        var staff = await currentStaff.GetAsync();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var region = await ClientService.RegionAsync(db, staff.StudioId, cancellationToken);
        var requests = Filter(db.AccountRequests.AsNoTracking().Where(r => r.StudioId == staff.StudioId && r.Status == RequestStatus.Pending), query);
        var total = await requests.CountAsync(cancellationToken);
        var (page, size) = Paging(query);
        var rows = await SortPending(requests, query.Sort, query.Descending).Skip(page * size).Take(size).ToListAsync(cancellationToken);
        var names = await NamesAsync(db, staff.StudioId, rows.Select(r => r.TopCandidateClientId), cancellationToken);
        var items = rows.Select(r => new PendingRow(r.Id, r.Version, r.SubmittedAtUtc, r.FirstName, r.LastName, r.Email,
                PhoneFormat.Display(r.Phone, region), r.Source, r.TopCandidateClientId,
                r.TopCandidateClientId is { } top ? names.GetValueOrDefault(top) : null, r.TopCandidateScore))
            .ToList();
        return new Page<PendingRow>(items, total);
    }

    public async Task<Page<HistoryRow>> HistoryAsync(RequestQuery query, CancellationToken cancellationToken = default)
    {
        var staff = await currentStaff.GetAsync();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var requests = Filter(db.AccountRequests.AsNoTracking().Where(r => r.StudioId == staff.StudioId && r.Status != RequestStatus.Pending), query);
        var total = await requests.CountAsync(cancellationToken);
        var (page, size) = Paging(query);
        var ordered = query.Descending
            ? requests.OrderByDescending(r => r.DecidedAtUtc).ThenByDescending(r => r.Id)
            : requests.OrderBy(r => r.DecidedAtUtc).ThenBy(r => r.Id);
        var rows = await ordered.Skip(page * size).Take(size).ToListAsync(cancellationToken);
        var names = await NamesAsync(db, staff.StudioId, rows.Select(r => r.LinkedClientId), cancellationToken);
        var items = rows.Select(r => new HistoryRow(r.Id, r.DecidedAtUtc ?? r.SubmittedAtUtc, r.FirstName, r.LastName, r.Email,
                r.Status, r.DecidedByName ?? "", r.DenialReason, r.CustomerNotified, r.LinkedClientId,
                r.LinkedClientId is { } linked ? names.GetValueOrDefault(linked) : null, r.Source))
            .ToList();
        return new Page<HistoryRow>(items, total);
    }

    /// <summary>
    /// One request for the Details panel. Its suggestions are the matcher's, run again now: clients imported or edited
    /// since the registration count, and the Details panel never offers a client that no longer exists.
    /// </summary>
    public async Task<RequestDetails?> DetailsAsync(long requestId, CancellationToken cancellationToken = default)
    {
        var staff = await currentStaff.GetAsync();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var r = await db.AccountRequests.AsNoTracking().SingleOrDefaultAsync(r => r.Id == requestId && r.StudioId == staff.StudioId, cancellationToken);
        if (r is null) return null;
        var region = await ClientService.RegionAsync(db, staff.StudioId, cancellationToken);

        IReadOnlyList<ClientOption> suggestions = [];
        if (r.IsPending)
        {
            var match = await matcher.MatchAsync(staff.StudioId, new Matching.Registration(r.FirstName, r.LastName, r.Email, r.Phone, r.BirthDate), cancellationToken);
            var scores = match.Candidates.ToDictionary(c => c.ClientId);
            var options = await OptionsAsync(db, staff.StudioId, scores.Keys, region, cancellationToken);
            suggestions = match.Candidates.Where(c => options.ContainsKey(c.ClientId))
                .Select(c => options[c.ClientId] with { Score = c.Score, Reasons = c.Explanation })
                .ToList();
        }
        var alreadyLinkedTo = await (from l in db.PortalLinks
                                     join c in db.Clients on l.ClientId equals c.Id
                                     where l.UserId == r.UserId && l.StudioId == staff.StudioId
                                     select c.FirstName + " " + c.LastName).FirstOrDefaultAsync(cancellationToken);
        return new RequestDetails(r.Id, r.Version, r.Status, r.SubmittedAtUtc, r.Source, r.FirstName, r.LastName, r.Email, r.Phone,
            PhoneFormat.Display(r.Phone, region), r.BirthDate, suggestions, r.DecidedByName, r.DecidedAtUtc, alreadyLinkedTo);
    }

    /// <summary>The dropdown's search over all the studio's clients by name, email or phone.</summary>
    public async Task<IReadOnlyList<ClientOption>> SearchClientsAsync(string? search, CancellationToken cancellationToken = default)
    {
        var staff = await currentStaff.GetAsync();
        var terms = ClientSearch.Terms(search);
        if (terms.Count == 0) return [];
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var region = await ClientService.RegionAsync(db, staff.StudioId, cancellationToken);
        var clients = db.Clients.AsNoTracking().Where(c => c.StudioId == staff.StudioId);
        foreach (var term in terms) clients = clients.Where(c => c.SearchText.Contains(term));
        var ids = await clients.OrderBy(c => c.LastName).ThenBy(c => c.FirstName).ThenBy(c => c.Id)
            .Select(c => c.Id).Take(MaxSearchResults).ToListAsync(cancellationToken);
        var options = await OptionsAsync(db, staff.StudioId, ids, region, cancellationToken);
        return ids.Select(id => options[id]).ToList();
    }

    /// <summary>Load: the chosen client's fields for the Database Data column; null when the id is not a client of this studio.</summary>
    public async Task<LoadedClient?> LoadClientAsync(int clientId, CancellationToken cancellationToken = default)
    {
        var staff = await currentStaff.GetAsync();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var c = await db.Clients.AsNoTracking().SingleOrDefaultAsync(c => c.Id == clientId && c.StudioId == staff.StudioId, cancellationToken);
        if (c is null) return null;
        var region = await ClientService.RegionAsync(db, staff.StudioId, cancellationToken);
        var linkedTo = await (from l in db.PortalLinks
                              join u in db.Users on l.UserId equals u.Id
                              where l.ClientId == clientId
                              select u.Email).FirstOrDefaultAsync(cancellationToken);
        return new LoadedClient(c.Id, c.Version, c.FirstName, c.LastName, c.Email, c.Phone, PhoneFormat.Display(c.Phone, region), c.BirthDate, linkedTo);
    }

    private static async Task<Dictionary<int, ClientOption>> OptionsAsync(PortalDbContext db, int studioId, IEnumerable<int> clientIds,
        string region, CancellationToken cancellationToken)
    {
        var ids = clientIds.ToList();
        if (ids.Count == 0) return [];
        var rows = await (from c in db.Clients
                          where c.StudioId == studioId && ids.Contains(c.Id)
                          join l in db.PortalLinks on c.Id equals l.ClientId into links
                          from l in links.DefaultIfEmpty()
                          join u in db.Users on l.UserId equals u.Id into users
                          from u in users.DefaultIfEmpty()
                          select new { c.Id, c.FirstName, c.LastName, c.Email, c.Phone, c.BirthDate, LinkedEmail = u == null ? null : u.Email })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(c => c.Id, c => new ClientOption(c.Id, $"{c.FirstName} {c.LastName}", c.Email,
            PhoneFormat.Display(c.Phone, region), c.BirthDate, LinkedAccountEmail: c.LinkedEmail));
    }

    private static IQueryable<AccountRequest> Filter(IQueryable<AccountRequest> requests, RequestQuery query)
    {
        foreach (var term in ClientSearch.Terms(query.Search)) requests = requests.Where(r => r.SearchText.Contains(term));
        if (query.Source is { } source) requests = requests.Where(r => r.Source == source);
        return requests;
    }

    private static (int Page, int Size) Paging(RequestQuery query) => (Math.Max(0, query.Page), Math.Clamp(query.PageSize, 1, MaxPageSize));

    private static IQueryable<AccountRequest> SortPending(IQueryable<AccountRequest> r, RequestSort sort, bool descending) => (sort, descending) switch
    {
        (RequestSort.Name, false) => r.OrderBy(x => x.LastName).ThenBy(x => x.FirstName).ThenBy(x => x.Id),
        (RequestSort.Name, true) => r.OrderByDescending(x => x.LastName).ThenByDescending(x => x.FirstName).ThenByDescending(x => x.Id),
        (RequestSort.Email, false) => r.OrderBy(x => x.Email).ThenBy(x => x.Id),
        (RequestSort.Email, true) => r.OrderByDescending(x => x.Email).ThenByDescending(x => x.Id),
        (RequestSort.Source, false) => r.OrderBy(x => x.Source).ThenBy(x => x.SubmittedAtUtc).ThenBy(x => x.Id),
        (RequestSort.Source, true) => r.OrderByDescending(x => x.Source).ThenByDescending(x => x.SubmittedAtUtc).ThenByDescending(x => x.Id),
        (RequestSort.Score, false) => r.OrderBy(x => x.TopCandidateScore).ThenBy(x => x.Id),
        (RequestSort.Score, true) => r.OrderByDescending(x => x.TopCandidateScore).ThenByDescending(x => x.Id),
        (_, false) => r.OrderBy(x => x.SubmittedAtUtc).ThenBy(x => x.Id),
        (_, true) => r.OrderByDescending(x => x.SubmittedAtUtc).ThenByDescending(x => x.Id),
    };

    private static async Task<Dictionary<int, string>> NamesAsync(PortalDbContext db, int studioId, IEnumerable<int?> clientIds,
        CancellationToken cancellationToken)
    {
        var ids = clientIds.OfType<int>().Distinct().ToList();
        if (ids.Count == 0) return [];
        return await db.Clients.AsNoTracking().Where(c => c.StudioId == studioId && ids.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, c => c.FirstName + " " + c.LastName, cancellationToken);
    }
}

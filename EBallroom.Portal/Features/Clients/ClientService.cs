using EBallroom.Portal.Features.Studios;
using EBallroom.Portal.Infrastructure.Data;
using EBallroom.Portal.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore;

namespace EBallroom.Portal.Features.Clients;

public enum ClientSort { Name, Email, Phone, BirthDate }

public sealed record ClientQuery(string? Search = null, ClientSort Sort = ClientSort.Name, bool Descending = false, int Page = 0, int PageSize = 25)
{
    public const int MaxPageSize = 100;
}

public sealed record ClientRow(int Id, string FirstName, string LastName, string? Email, string? Phone, string PhoneDisplay,
    DateOnly? BirthDate, string? ExternalId, PostalAddress Address, string? Notes, Guid Version)
{
    public string FullName => $"{FirstName} {LastName}";

    public ClientDetails ToDetails() => new(FirstName, LastName, Email, PhoneDisplay, BirthDate, Address, Notes, ExternalId);
}

public sealed record ClientPage(IReadOnlyList<ClientRow> Items, int TotalCount);

public enum SaveStatus { Saved, Invalid, NotFound, Conflict }

public sealed record ClientSaveResult(SaveStatus Status, IReadOnlyDictionary<string, string> Errors, ClientRow? Client = null)
{
    public static readonly IReadOnlyDictionary<string, string> NoErrors = new Dictionary<string, string>();
    public string? ErrorFor(string field) => Errors.GetValueOrDefault(field);
}

/// <summary>The signed-in staff member's clients. Every query is scoped to their studio: another studio's id is "not found".</summary>
public sealed class ClientService(IDbContextFactory<PortalDbContext> dbFactory, CurrentStaff currentStaff, TimeProvider time)
{
    public async Task<ClientPage> GetPageAsync(ClientQuery query, CancellationToken cancellationToken = default)
    {
        var staff = await currentStaff.GetAsync();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var region = await RegionAsync(db, staff.StudioId, cancellationToken);

        var clients = db.Clients.AsNoTracking().Where(c => c.StudioId == staff.StudioId);
        foreach (var term in ClientSearch.Terms(query.Search))
            clients = clients.Where(c => c.SearchText.Contains(term));

        var total = await clients.CountAsync(cancellationToken);
        var pageSize = Math.Clamp(query.PageSize, 1, ClientQuery.MaxPageSize);
        var page = Math.Max(0, query.Page);
        var rows = await Sort(clients, query.Sort, query.Descending)
            .Skip(page * pageSize).Take(pageSize)
            .ToListAsync(cancellationToken);
        return new ClientPage(rows.Select(c => ToRow(c, region)).ToList(), total);
    }

    public async Task<ClientRow?> GetAsync(int id, CancellationToken cancellationToken = default)
    {
        var staff = await currentStaff.GetAsync();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var client = await db.Clients.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id && c.StudioId == staff.StudioId, cancellationToken);
        return client is null ? null : ToRow(client, await RegionAsync(db, staff.StudioId, cancellationToken));
    }

    public async Task<ClientSaveResult> CreateAsync(ClientDetails details, CancellationToken cancellationToken = default)
    {
        var staff = await currentStaff.GetAsync();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var region = await RegionAsync(db, staff.StudioId, cancellationToken);
        var validation = ClientRules.Validate(details, region, Today());
        if (validation.Value is not { } valid) return new(SaveStatus.Invalid, validation.Errors);
        if (await ExternalIdTakenAsync(db, staff.StudioId, valid.ExternalId, exceptId: null, cancellationToken))
            return new(SaveStatus.Invalid, ExternalIdTaken);

        var client = Client.Create(staff.StudioId, valid, time.GetUtcNow().UtcDateTime);
        db.Clients.Add(client);
        await db.SaveChangesAsync(cancellationToken);
        return new(SaveStatus.Saved, ClientSaveResult.NoErrors, ToRow(client, region));
    }

    /// <summary>Saves an edit made on top of <paramref name="version"/>; if someone saved in between, nothing is written.</summary>
    public async Task<ClientSaveResult> UpdateAsync(int id, Guid version, ClientDetails details, CancellationToken cancellationToken = default)
    {
        var staff = await currentStaff.GetAsync();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var client = await db.Clients.SingleOrDefaultAsync(c => c.Id == id && c.StudioId == staff.StudioId, cancellationToken);
        if (client is null) return new(SaveStatus.NotFound, ClientSaveResult.NoErrors);
        var region = await RegionAsync(db, staff.StudioId, cancellationToken);
        if (client.Version != version) return new(SaveStatus.Conflict, ClientSaveResult.NoErrors, ToRow(client, region));

        var validation = ClientRules.Validate(details, region, Today());
        if (validation.Value is not { } valid) return new(SaveStatus.Invalid, validation.Errors);
        if (await ExternalIdTakenAsync(db, staff.StudioId, valid.ExternalId, exceptId: id, cancellationToken))
            return new(SaveStatus.Invalid, ExternalIdTaken);

        client.Update(valid, time.GetUtcNow().UtcDateTime);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new(SaveStatus.Conflict, ClientSaveResult.NoErrors);
        }
        return new(SaveStatus.Saved, ClientSaveResult.NoErrors, ToRow(client, region));
    }

    internal static ClientRow ToRow(Client c, string region) =>
        new(c.Id, c.FirstName, c.LastName, c.Email, c.Phone, PhoneFormat.Display(c.Phone, region), c.BirthDate, c.ExternalId, c.Address, c.Notes, c.Version);

    internal static async Task<string> RegionAsync(PortalDbContext db, int studioId, CancellationToken cancellationToken) =>
        await db.Studios.Where(s => s.Id == studioId).Select(s => s.Settings.PhoneRegion).SingleOrDefaultAsync(cancellationToken)
        ?? StudioSettings.Default.PhoneRegion;

    private DateOnly Today() => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    private static readonly IReadOnlyDictionary<string, string> ExternalIdTaken =
        new Dictionary<string, string> { [nameof(ClientDetails.ExternalId)] = "Another client of this studio already has this client id." };

    private static Task<bool> ExternalIdTakenAsync(PortalDbContext db, int studioId, string? externalId, int? exceptId, CancellationToken ct) =>
        externalId is null
            ? Task.FromResult(false)
            : db.Clients.AnyAsync(c => c.StudioId == studioId && c.ExternalId == externalId && c.Id != exceptId, ct);

    private static IQueryable<Client> Sort(IQueryable<Client> clients, ClientSort sort, bool descending) => (sort, descending) switch
    {
        (ClientSort.Email, false) => clients.OrderBy(c => c.NormalizedEmail).ThenBy(c => c.Id),
        (ClientSort.Email, true) => clients.OrderByDescending(c => c.NormalizedEmail).ThenByDescending(c => c.Id),
        (ClientSort.Phone, false) => clients.OrderBy(c => c.Phone).ThenBy(c => c.Id),
        (ClientSort.Phone, true) => clients.OrderByDescending(c => c.Phone).ThenByDescending(c => c.Id),
        (ClientSort.BirthDate, false) => clients.OrderBy(c => c.BirthDate).ThenBy(c => c.Id),
        (ClientSort.BirthDate, true) => clients.OrderByDescending(c => c.BirthDate).ThenByDescending(c => c.Id),
        (_, false) => clients.OrderBy(c => c.LastName).ThenBy(c => c.FirstName).ThenBy(c => c.Id),
        (_, true) => clients.OrderByDescending(c => c.LastName).ThenByDescending(c => c.FirstName).ThenByDescending(c => c.Id),
    };
}

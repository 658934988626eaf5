using System.Security.Claims;
using EBallroom.Portal.Features.AccountRequests;
using EBallroom.Portal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace EBallroom.Portal.Features.Portal;

/// <summary>A studio the account is linked to. When the studio turned the account's sign-in off, only the studio's name is shown.</summary>
public sealed record LinkedStudio(int StudioId, string StudioName, string FirstName, string LastName, string? Email, string? Phone, DateOnly? BirthDate,
    bool SignInDisabled = false);
public sealed record PendingStudio(int StudioId, string StudioName, DateTime SubmittedAtUtc);
public sealed record AccountView(IReadOnlyList<LinkedStudio> Studios, IReadOnlyList<PendingStudio> Pending);

/// <summary>The signed-in customer's studios and their client record at each: only what is linked to this account.</summary>
public sealed class MyAccount(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<AccountView> GetAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new UnauthorizedAccessException();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await (from l in db.PortalLinks
                          join c in db.Clients on l.ClientId equals c.Id
                          join s in db.Studios on l.StudioId equals s.Id
                          where l.UserId == userId
                          select new { s.Id, s.Name, Region = s.Settings.PhoneRegion, c.FirstName, c.LastName, c.Email, c.Phone, c.BirthDate, Disabled = l.SignInDisabledAtUtc != null })
                         .ToListAsync(cancellationToken);
        var studios = rows.Select(r => r.Disabled
                ? new LinkedStudio(r.Id, r.Name, "", "", null, null, null, SignInDisabled: true)
                : new LinkedStudio(r.Id, r.Name, r.FirstName, r.LastName, r.Email, Clients.PhoneFormat.Display(r.Phone, r.Region), r.BirthDate))
            .OrderBy(s => s.StudioName).ToList();
        var requests = await (from r in db.AccountRequests
                              join s in db.Studios on r.StudioId equals s.Id
                              where r.UserId == userId && r.Status == RequestStatus.Pending
                              select new { s.Id, s.Name, r.SubmittedAtUtc }).ToListAsync(cancellationToken);
        var pending = requests.Select(r => new PendingStudio(r.Id, r.Name, r.SubmittedAtUtc)).OrderBy(s => s.StudioName).ToList();
        return new AccountView(studios, pending);
    }
}

using System.Globalization;
using EBallroom.Portal.Features.Audit;
using EBallroom.Portal.Features.Clients;
using EBallroom.Portal.Features.Portal;
using EBallroom.Portal.Infrastructure.Data;
using EBallroom.Portal.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore;

namespace EBallroom.Portal.Features.AccountRequests;

public enum DecisionStatus { Done, NotFound, AlreadyDecided, ClientNotFound, ClientTaken, AccountAlreadyLinked, Invalid }

/// <summary>What a staff decision did, in words a staff member can act on.</summary>
public sealed record DecisionResult(DecisionStatus Status, string Message, int? ClientId = null)
{
    public bool Succeeded => Status == DecisionStatus.Done;
}

/// <summary>
/// Approve and deny. Each decision is one transaction: the link (and a new client, when approving as new), the request's
/// state, the audit entry and the customer's email commit together or not at all. Of two staff deciding one request, the
/// request's version lets exactly one win; the other is told who decided and when.
/// </summary>
public sealed class RequestDecisions(IDbContextFactory<PortalDbContext> dbFactory, CurrentStaff currentStaff, PortalEmails emails,
    AuditLog audit, AccountRequestEvents events, TimeProvider time)
{
    /// <summary>
    /// Links the request's account to <paramref name="clientId"/>, or to a new client made from the registration when it is
    /// null. A client linked to another account is moved only with <paramref name="replaceExistingLink"/>, and audited.
    /// </summary>
    public async Task<DecisionResult> ApproveAsync(long requestId, Guid version, int? clientId, bool replaceExistingLink = false,
        CancellationToken cancellationToken = default)
    {
        var staff = await currentStaff.GetAsync();
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var request = await db.AccountRequests.SingleOrDefaultAsync(r => r.Id == requestId && r.StudioId == staff.StudioId, cancellationToken);
        if (request is null) return NotFound;
        if (!request.IsPending || request.Version != version) return Decided(request);
        var studio = await db.Studios.Where(s => s.Id == staff.StudioId).Select(s => new { s.Name, s.Settings.PhoneRegion }).SingleAsync(cancellationToken);
        if (await AccountLinkedHereAsync(db, request, cancellationToken) is { } linkedTo)
        {
            // That link may be this very request, approved by someone else since it was read: then say who decided it.
            var current = await db.AccountRequests.AsNoTracking().SingleAsync(r => r.Id == requestId, cancellationToken);
            return current.IsPending ? linkedTo : Decided(current);
        }

        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            Client client;
            if (clientId is { } id)
            {
                var chosen = await db.Clients.SingleOrDefaultAsync(c => c.Id == id && c.StudioId == staff.StudioId, cancellationToken);
                if (chosen is null) return new(DecisionStatus.ClientNotFound, "That client is not in your studio's client list (any more). Pick another one.");
                client = chosen;
                var existing = await (from l in db.PortalLinks
                                      join u in db.Users on l.UserId equals u.Id
                                      where l.ClientId == id
                                      select new { Link = l, u.Email }).SingleOrDefaultAsync(cancellationToken);
                if (existing is not null)
                {
                    if (!replaceExistingLink)
                        return new(DecisionStatus.ClientTaken,
                            $"{client.FirstName} {client.LastName} is already linked to the portal account {existing.Email}. Choose \"Replace the existing link\" to move the client to {request.Email}.");
                    db.PortalLinks.Remove(existing.Link);
                    audit.Add(db, staff, AuditActions.PortalLinkReplaced, $"client {id}",
                        $"{client.FirstName} {client.LastName}: unlinked from {existing.Email} to link {request.Email} (request {request.Id})");
                    // The unique index on the client is checked per statement: the old link goes before the new one comes.
                    await db.SaveChangesAsync(cancellationToken);
                }
            }
            else
            {
                var validation = ClientRules.Validate(new ClientDetails(request.FirstName, request.LastName, request.Email, request.Phone, request.BirthDate),
                    studio.PhoneRegion, DateOnly.FromDateTime(now));
                if (validation.Value is not { } details)
                    return new(DecisionStatus.Invalid, "The registration data cannot make a client: " + string.Join(" ", validation.Errors.Values));
                client = Client.Create(staff.StudioId, details, now);
                db.Clients.Add(client);
                await db.SaveChangesAsync(cancellationToken);
                audit.Add(db, staff, AuditActions.ClientCreatedFromRequest, $"client {client.Id}", $"{client.FirstName} {client.LastName} from request {request.Id}");
            }

            db.PortalLinks.Add(PortalLink.Create(staff.StudioId, client.Id, request.UserId, LinkMethod.StaffApproval, now, staff.Name));
            request.Approve(client.Id, staff, now);
            audit.Add(db, staff, AuditActions.RequestApproved, $"request {request.Id}", $"{request.Email} linked to client {client.Id} ({client.FirstName} {client.LastName})");
            await emails.QueueAccountReadyAsync(db, request.Email, request.FirstName, request.LastName, staff.StudioId, studio.Name);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            events.Notify(staff.StudioId);
            return new(DecisionStatus.Done, $"Approved: {request.Email} is linked to {client.FirstName} {client.LastName}. The customer is emailed that the account is ready.", client.Id);
        }
        catch (DbUpdateException)
        {
            // Someone else decided this request, linked this client or this account a moment ago: say which.
            return await ExplainConflictAsync(requestId, clientId, cancellationToken);
        }
    }

    public async Task<DecisionResult> DenyAsync(long requestId, Guid version, string? reason, bool emailCustomer, CancellationToken cancellationToken = default)
    {
        var staff = await currentStaff.GetAsync();
        if (reason is { Length: > AccountRequest.ReasonMaxLength })
            return new(DecisionStatus.Invalid, $"A reason has at most {AccountRequest.ReasonMaxLength} characters.");
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var request = await db.AccountRequests.SingleOrDefaultAsync(r => r.Id == requestId && r.StudioId == staff.StudioId, cancellationToken);
        if (request is null) return NotFound;
        if (!request.IsPending || request.Version != version) return Decided(request);

        request.Deny(reason, emailCustomer, staff, now);
        audit.Add(db, staff, AuditActions.RequestDenied, $"request {request.Id}",
            $"{request.Email}{(request.DenialReason is { } r ? ": " + r : "")}{(emailCustomer ? " (customer emailed)" : "")}");
        if (emailCustomer)
        {
            var studioName = await db.Studios.Where(s => s.Id == staff.StudioId).Select(s => s.Name).SingleAsync(cancellationToken);
            await emails.QueueDeniedAsync(db, request.Email, request.FirstName, request.LastName, staff.StudioId, studioName, request.DenialReason);
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return await ExplainConflictAsync(requestId, null, cancellationToken);
        }
        events.Notify(staff.StudioId);
        return new(DecisionStatus.Done, emailCustomer ? $"Denied; {request.Email} is emailed." : "Denied. The customer is not emailed.");
    }

    private static readonly DecisionResult NotFound = new(DecisionStatus.NotFound, "This request does not exist in your studio.");

    internal static DecisionResult Decided(AccountRequest request) => request.IsPending
        ? new(DecisionStatus.AlreadyDecided, "This request changed while you were looking at it. Reload it and decide again.")
        : new(DecisionStatus.AlreadyDecided, DecidedText(request.Status, request.DecidedByName, request.DecidedAtUtc));

    /// <summary>"Already approved by NAME at TIME": what the second of two staff deciding one request reads.</summary>
    public static string DecidedText(RequestStatus status, string? by, DateTime? atUtc) =>
        $"Already {(status == RequestStatus.Approved ? "approved" : "denied")} by {by} at {(atUtc is { } at ? When(at) : "an unknown time")}.";

    internal static string When(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    private static async Task<DecisionResult?> AccountLinkedHereAsync(PortalDbContext db, AccountRequest request, CancellationToken cancellationToken)
    {
        var linked = await (from l in db.PortalLinks
                            join c in db.Clients on l.ClientId equals c.Id
                            where l.UserId == request.UserId && l.StudioId == request.StudioId
                            select c.FirstName + " " + c.LastName).FirstOrDefaultAsync(cancellationToken);
        return linked is null ? null : new(DecisionStatus.AccountAlreadyLinked,
            $"The account {request.Email} is already linked to {linked} at your studio. Unlink it under Portal Accounts first, or deny this request.");
    }

    private async Task<DecisionResult> ExplainConflictAsync(long requestId, int? clientId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var request = await db.AccountRequests.AsNoTracking().SingleAsync(r => r.Id == requestId, cancellationToken);
        if (!request.IsPending) return Decided(request);
        if (await AccountLinkedHereAsync(db, request, cancellationToken) is { } linked) return linked;
        if (clientId is { } id && await db.PortalLinks.AnyAsync(l => l.ClientId == id, cancellationToken))
            return new(DecisionStatus.ClientTaken, "That client was linked to another portal account a moment ago. Load the client again to see which.");
        return new(DecisionStatus.AlreadyDecided, "Someone changed this request at the same time. Reload it and decide again.");
    }
}

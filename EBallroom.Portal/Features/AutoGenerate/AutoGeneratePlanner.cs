using EBallroom.Portal.Features.Clients;
using EBallroom.Portal.Infrastructure.Data;
using EBallroom.Portal.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace EBallroom.Portal.Features.AutoGenerate;

/// <summary>One client and what auto-generation will do for it; <see cref="ExistingUserId"/> is the account to link, if any.</summary>
public sealed record PlanItem(int ClientId, string FirstName, string LastName, string? Email, OutcomeKind Kind, string? ExistingUserId = null,
    string? Detail = null)
{
    public string Name => $"{FirstName} {LastName}";
}

public sealed record SharedEmailGroup(string Email, IReadOnlyList<string> ClientNames);

/// <summary>The preview staff confirm: counts by outcome, the shared emails to resolve, and the accounts that will be linked instead.</summary>
public sealed record AutoGeneratePreview(int Total, IReadOnlyDictionary<OutcomeKind, int> Counts, IReadOnlyList<SharedEmailGroup> SharedEmails,
    IReadOnlyList<PlanItem> LinkExisting)
{
    public int Count(OutcomeKind kind) => Counts.GetValueOrDefault(kind);
    public int WillCreate => Count(OutcomeKind.Created);
    public int WillLink => Count(OutcomeKind.LinkedExistingAccount);
    public int WillSkip => Total - WillCreate - WillLink;

    public static AutoGeneratePreview From(IReadOnlyList<PlanItem> plan) => new(
        plan.Count,
        plan.GroupBy(p => p.Kind).ToDictionary(g => g.Key, g => g.Count()),
        plan.Where(p => p.Kind == OutcomeKind.SharedEmail).GroupBy(p => p.Email!.ToLowerInvariant())
            .Select(g => new SharedEmailGroup(g.Key, g.Select(p => p.Name).ToList())).OrderBy(g => g.Email, StringComparer.Ordinal).ToList(),
        plan.Where(p => p.Kind == OutcomeKind.LinkedExistingAccount).ToList());
}

/// <summary>
/// Decides, for every client of a studio, what auto-generation does: create an account, link the email's existing
/// account, or skip with a reason. The preview and the run use the same plan, so their counts agree.
/// </summary>
public sealed class AutoGeneratePlanner(IDbContextFactory<PortalDbContext> dbFactory, ILookupNormalizer normalizer)
{
    private const int LookupChunk = 500;

    public async Task<IReadOnlyList<PlanItem>> PlanAsync(int studioId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var clients = await db.Clients.AsNoTracking().Where(c => c.StudioId == studioId)
            .OrderBy(c => c.LastName).ThenBy(c => c.FirstName).ThenBy(c => c.Id)
            .Select(c => new { c.Id, c.FirstName, c.LastName, c.Email, c.NormalizedEmail })
            .ToListAsync(cancellationToken);
        var links = await db.PortalLinks.AsNoTracking().Where(l => l.StudioId == studioId).Select(l => new { l.ClientId, l.UserId }).ToListAsync(cancellationToken);
        var linkedClients = links.Select(l => l.ClientId).ToHashSet();
        var clientOfUser = links.ToDictionary(l => l.UserId, l => l.ClientId);
        var names = clients.ToDictionary(c => c.Id, c => $"{c.FirstName} {c.LastName}");

        var open = clients.Where(c => !linkedClients.Contains(c.Id) && c.Email is not null && ClientRules.IsValidEmail(c.Email)).ToList();
        var sharers = open.GroupBy(c => c.NormalizedEmail!).Where(g => g.Count() > 1).SelectMany(g => g).Select(c => c.Id).ToHashSet();
        var accounts = await AccountsByEmailAsync(db, open.Where(c => !sharers.Contains(c.Id)).Select(c => c.Email!), cancellationToken);

        return clients.Select(c =>
        {
            if (linkedClients.Contains(c.Id)) return new PlanItem(c.Id, c.FirstName, c.LastName, c.Email, OutcomeKind.AlreadyHasAccount);
            if (c.Email is null) return new PlanItem(c.Id, c.FirstName, c.LastName, null, OutcomeKind.NoEmail);
            if (!ClientRules.IsValidEmail(c.Email)) return new PlanItem(c.Id, c.FirstName, c.LastName, c.Email, OutcomeKind.InvalidEmail);
            if (sharers.Contains(c.Id))
                return new PlanItem(c.Id, c.FirstName, c.LastName, c.Email, OutcomeKind.SharedEmail, Detail: "several clients of your studio have this email");
            if (!accounts.TryGetValue(normalizer.NormalizeEmail(c.Email)!, out var account))
                return new PlanItem(c.Id, c.FirstName, c.LastName, c.Email, OutcomeKind.Created);
            if (account.IsStaff) return new PlanItem(c.Id, c.FirstName, c.LastName, c.Email, OutcomeKind.StaffEmail, Detail: "this email is a staff sign-in");
            if (clientOfUser.TryGetValue(account.UserId, out var other))
                return new PlanItem(c.Id, c.FirstName, c.LastName, c.Email, OutcomeKind.EmailLinkedToAnotherClient, Detail: $"the account is linked to {names[other]}");
            return new PlanItem(c.Id, c.FirstName, c.LastName, c.Email, OutcomeKind.LinkedExistingAccount, account.UserId);
        }).ToList();
    }

    public async Task<AutoGeneratePreview> PreviewAsync(int studioId, CancellationToken cancellationToken = default) =>
        AutoGeneratePreview.From(await PlanAsync(studioId, cancellationToken));

    private sealed record Account(string UserId, bool IsStaff);

    private async Task<Dictionary<string, Account>> AccountsByEmailAsync(PortalDbContext db, IEnumerable<string> emails, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, Account>(StringComparer.Ordinal);
        foreach (var chunk in emails.Select(e => normalizer.NormalizeEmail(e)!).Distinct().Chunk(LookupChunk))
        {
            var rows = await db.Users.AsNoTracking().Where(u => chunk.Contains(u.NormalizedEmail!))
                .Select(u => new { u.Id, u.NormalizedEmail, u.StaffStudioId }).ToListAsync(cancellationToken);
            foreach (var u in rows) found[u.NormalizedEmail!] = new Account(u.Id, u.StaffStudioId is not null);
        }
        return found;
    }
}

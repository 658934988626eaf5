using EBallroom.Portal.Features.AccountRequests;
using EBallroom.Portal.Features.Clients;
using EBallroom.Portal.Features.Matching;
using EBallroom.Portal.Features.Outbox;
using EBallroom.Portal.Features.Portal;
using EBallroom.Portal.Features.Registration.Emails;
using EBallroom.Portal.Features.Studios;
using EBallroom.Portal.Infrastructure.Data;
using EBallroom.Portal.Infrastructure.Identity;
using EBallroom.Portal.Infrastructure.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace EBallroom.Portal.Features.Registration;

public enum VerifyVariant { NewAccount, ExistingAccount, UnknownStudio }

/// <summary>What a customer typed on a registration form.</summary>
public sealed record RegistrationInput(string? FirstName, string? LastName, string? Email, string? Phone, DateOnly? BirthDate,
    string? Password, string? ConfirmPassword);

public enum SubmitStatus { Accepted, Invalid, LinkNoLongerValid }

public sealed record SubmitResult(SubmitStatus Status, IReadOnlyDictionary<string, string> Errors)
{
    public static readonly SubmitResult Accepted = new(SubmitStatus.Accepted, new Dictionary<string, string>());
    public static readonly SubmitResult LinkNoLongerValid = new(SubmitStatus.LinkNoLongerValid, new Dictionary<string, string>());
}

public enum ConfirmStatus { Done, NoSuchLink, Expired, AlreadyUsed, NeedsSignIn, UnknownStudio }

/// <summary>What a confirmation did: <see cref="Decision"/> is null for a studio-ID registration (always a request).</summary>
public sealed record ConfirmResult(ConfirmStatus Status, string? UserId = null, int? StudioId = null, string? StudioName = null,
    MatchDecision? Decision = null, int? ClientId = null);

/// <summary>
/// Self-registration: a form through a studio's magic link or its ID number becomes a pending registration and one
/// verification email; confirming the email creates (or, for an existing account, extends) the portal account and lets
/// the matcher decide — link, new client, or a request for staff. The caller always sees the same answer to a
/// submission, whatever the email or the studio ID number; only the email differs.
/// </summary>
public sealed class RegistrationService(
    IDbContextFactory<PortalDbContext> dbFactory, RegistrationLinks links, StudioService studios, EmailOutbox outbox, EmailLinks emailLinks,
    UserManager<PortalUser> users, IPasswordHasher<PortalUser> hasher, StudioMatcher matcher, AccountRequestEvents requestEvents, TimeProvider time)
{
    public async Task<SubmitResult> SubmitThroughLinkAsync(string? token, RegistrationInput input, CancellationToken cancellationToken = default)
    {
        var link = await links.ResolveAsync(token, cancellationToken);
        if (link is not { IsEnabled: true }) return SubmitResult.LinkNoLongerValid;
        var studio = await studios.GetAsync(link.StudioId, cancellationToken);
        return await SubmitAsync(studio, null, RegistrationSource.MagicLink, input, cancellationToken);
    }

    public async Task<SubmitResult> SubmitWithStudioNumberAsync(string? studioNumber, RegistrationInput input, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string>();
        var number = TextFolding.Clean(studioNumber);
        if (!Studio.IsValidIdNumber(number)) errors["StudioIdNumber"] = "The studio ID number has 6 digits; your studio can tell you theirs.";
        var studio = errors.Count == 0 ? await studios.FindByIdNumberAsync(number, cancellationToken) : null;
        var result = await SubmitAsync(studio, number, RegistrationSource.StudioIdNumber, input, cancellationToken, errors);
        return result;
    }

    private async Task<SubmitResult> SubmitAsync(StudioInfo? studio, string? typedNumber, RegistrationSource source, RegistrationInput input,
        CancellationToken cancellationToken, Dictionary<string, string>? errors = null)
    {
        errors ??= [];
        var region = studio?.PhoneRegion ?? StudioSettings.Default.PhoneRegion;
        var now = time.GetUtcNow().UtcDateTime;
        var validation = ClientRules.Validate(new ClientDetails(input.FirstName, input.LastName, input.Email, input.Phone, input.BirthDate), region, DateOnly.FromDateTime(now));
        foreach (var (field, message) in validation.Errors) errors[field] = message;
        if (validation.Value is { Email: null }) errors["Email"] = "Email is required: the portal signs you in with it.";

        var probe = new PortalUser();
        var passwordCheck = input.Password is null
            ? IdentityResult.Failed(new IdentityError { Description = "Choose a password." })
            : await new PasswordRules<PortalUser>().ValidateAsync(users, probe, input.Password);
        if (!passwordCheck.Succeeded) errors["Password"] = string.Join(" ", passwordCheck.Errors.Select(e => e.Description));
        else if (input.Password != input.ConfirmPassword) errors["ConfirmPassword"] = "The two passwords differ.";
        if (errors.Count > 0 || validation.Value is not { } details) return new SubmitResult(SubmitStatus.Invalid, errors);

        var form = new Matching.Registration(details.FirstName, details.LastName, details.Email!, details.Phone, details.BirthDate);
        var existing = await users.FindByEmailAsync(form.Email);
        var passwordHash = existing is null ? hasher.HashPassword(probe, input.Password!) : null;

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (pending, token) = PendingRegistration.Create(studio?.Id, source, form, passwordHash, now);
        db.PendingRegistrations.Add(pending);
        var variant = studio is null ? VerifyVariant.UnknownStudio : existing is null ? VerifyVariant.NewAccount : VerifyVariant.ExistingAccount;
        var subject = variant switch
        {
            VerifyVariant.UnknownStudio => "We could not find that studio",
            VerifyVariant.ExistingAccount => $"Add {studio!.Name} to your client portal account",
            _ => $"Confirm your email for {studio!.Name}",
        };
        await outbox.EnqueueAsync<VerifyRegistrationEmail>(db, new EmailEnvelope(form.Email, $"{form.FirstName} {form.LastName}", subject, "registration-verify", studio?.Id, studio?.Name),
            new Dictionary<string, object?>
            {
                [nameof(VerifyRegistrationEmail.Variant)] = variant,
                [nameof(VerifyRegistrationEmail.FirstName)] = form.FirstName,
                [nameof(VerifyRegistrationEmail.StudioName)] = studio?.Name,
                [nameof(VerifyRegistrationEmail.StudioIdNumber)] = typedNumber,
                [nameof(VerifyRegistrationEmail.ConfirmUrl)] = emailLinks.Absolute($"/register/confirm/{token}"),
            });
        if (source == RegistrationSource.MagicLink && studio is not null)
            (await db.RegistrationLinks.SingleAsync(l => l.StudioId == studio.Id, cancellationToken)).CountRegistration();
        await db.SaveChangesAsync(cancellationToken);
        return SubmitResult.Accepted;
    }

    /// <summary>What the confirmation page shows before anything is pressed: null when the link can still be confirmed. Reads only.</summary>
    public async Task<ConfirmStatus?> InspectAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (!PendingRegistration.LooksLikeToken(token)) return ConfirmStatus.NoSuchLink;
        var hash = RegistrationLink.Hash(token!);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var pending = await db.PendingRegistrations.AsNoTracking().SingleOrDefaultAsync(p => p.TokenHash == hash, cancellationToken);
        if (pending is null) return ConfirmStatus.NoSuchLink;
        if (pending.ConfirmedAtUtc is not null) return ConfirmStatus.AlreadyUsed;
        return pending.ExpiresAtUtc <= time.GetUtcNow().UtcDateTime ? ConfirmStatus.Expired : null;
    }

    /// <summary>
    /// The POST behind the Confirm button. The token is used once, under concurrency too. An email that already had an
    /// account continues only for its signed-in owner (<paramref name="signedInUserId"/>), and keeps its token until then.
    /// </summary>
    public async Task<ConfirmResult> ConfirmAsync(string? token, string? signedInUserId = null, CancellationToken cancellationToken = default)
    {
        if (!PendingRegistration.LooksLikeToken(token)) return new(ConfirmStatus.NoSuchLink);
        var hash = RegistrationLink.Hash(token!);
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var pending = await db.PendingRegistrations.AsNoTracking().SingleOrDefaultAsync(p => p.TokenHash == hash, cancellationToken);
        if (pending is null) return new(ConfirmStatus.NoSuchLink);
        if (pending.ConfirmedAtUtc is not null) return new(ConfirmStatus.AlreadyUsed);
        if (pending.ExpiresAtUtc <= now) return new(ConfirmStatus.Expired);

        PortalUser? owner = null;
        if (pending.ForExistingAccount)
        {
            owner = await users.FindByEmailAsync(pending.Email);
            if (owner is null || owner.Id != signedInUserId) return new(ConfirmStatus.NeedsSignIn);
        }

        // Consumed by whichever confirmation gets here first; a second click, tab or replay finds it used.
        var consumed = await db.PendingRegistrations
            .Where(p => p.Id == pending.Id && p.ConfirmedAtUtc == null && p.ExpiresAtUtc > now)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.ConfirmedAtUtc, now), cancellationToken);
        if (consumed == 0) return new(ConfirmStatus.AlreadyUsed);
        if (pending.StudioId is not { } studioId) return new(ConfirmStatus.UnknownStudio);

        owner ??= await CreateCustomerAsync(pending);
        var studio = (await studios.GetAsync(studioId, cancellationToken))!;
        var (decision, clientId) = await DecideAsync(pending, owner.Id, studio, now, cancellationToken);
        return new(ConfirmStatus.Done, owner.Id, studio.Id, studio.Name, decision, clientId);
    }

    /// <summary>
    /// "Send me a new link" on an expired link's page: a fresh registration with the same details, and its email. At most
    /// three an hour per email address; the answer is the same either way.
    /// </summary>
    public async Task ResendAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (!PendingRegistration.LooksLikeToken(token)) return;
        var hash = RegistrationLink.Hash(token!);
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var old = await db.PendingRegistrations.AsNoTracking().SingleOrDefaultAsync(p => p.TokenHash == hash, cancellationToken);
        if (old is null || old.ConfirmedAtUtc is not null || old.StudioId is not { } studioId) return;
        var since = now.AddHours(-1);
        if (await db.PendingRegistrations.CountAsync(p => p.Email == old.Email && p.CreatedAtUtc > since, cancellationToken) >= 3) return;

        var studio = (await studios.GetAsync(studioId, cancellationToken))!;
        var (pending, fresh) = PendingRegistration.Create(studioId, old.Source, old.Form, old.PasswordHash, now);
        db.PendingRegistrations.Add(pending);
        await outbox.EnqueueAsync<VerifyRegistrationEmail>(db, new EmailEnvelope(old.Email, $"{old.FirstName} {old.LastName}",
                old.ForExistingAccount ? $"Add {studio.Name} to your client portal account" : $"Confirm your email for {studio.Name}",
                "registration-verify", studio.Id, studio.Name),
            new Dictionary<string, object?>
            {
                [nameof(VerifyRegistrationEmail.Variant)] = old.ForExistingAccount ? VerifyVariant.ExistingAccount : VerifyVariant.NewAccount,
                [nameof(VerifyRegistrationEmail.FirstName)] = old.FirstName,
                [nameof(VerifyRegistrationEmail.StudioName)] = studio.Name,
                [nameof(VerifyRegistrationEmail.ConfirmUrl)] = emailLinks.Absolute($"/register/confirm/{fresh}"),
            });
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<PortalUser> CreateCustomerAsync(PendingRegistration pending)
    {
        var user = new PortalUser
        {
            UserName = pending.Email, Email = pending.Email, EmailConfirmed = true, PasswordHash = pending.PasswordHash,
            DisplayName = $"{pending.FirstName} {pending.LastName}",
        };
        var created = await users.CreateAsync(user);
        if (!created.Succeeded)
        {
            // The same email was confirmed a moment ago through another registration: that account is theirs.
            return await users.FindByEmailAsync(pending.Email)
                ?? throw new InvalidOperationException(string.Join(" ", created.Errors.Select(e => e.Description)));
        }
        await users.AddToRoleAsync(user, PortalRoles.Customer);
        return user;
    }

    private async Task<(MatchDecision? Decision, int? ClientId)> DecideAsync(PendingRegistration pending, string userId, StudioInfo studio,
        DateTime now, CancellationToken cancellationToken)
    {
        var form = pending.Form;
        var match = await matcher.MatchAsync(studio.Id, form, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.PortalLinks.AnyAsync(l => l.UserId == userId && l.StudioId == studio.Id, cancellationToken))
            return (null, await db.PortalLinks.Where(l => l.UserId == userId && l.StudioId == studio.Id).Select(l => (int?)l.ClientId).SingleAsync(cancellationToken));

        if (pending.Source == RegistrationSource.MagicLink && match.Decision == MatchDecision.Link
            && !await db.PortalLinks.AnyAsync(l => l.ClientId == match.LinkedClientId, cancellationToken))
        {
            db.PortalLinks.Add(PortalLink.Create(studio.Id, match.LinkedClientId!.Value, userId, LinkMethod.MagicLinkMatch, now));
            if (await TrySaveAsync(db, cancellationToken)) return (MatchDecision.Link, match.LinkedClientId);
        }
        else if (pending.Source == RegistrationSource.MagicLink && match.Decision == MatchDecision.New)
        {
            var details = ClientRules.Validate(new ClientDetails(form.FirstName, form.LastName, form.Email, form.Phone, form.BirthDate),
                studio.PhoneRegion, DateOnly.FromDateTime(now)).Value!;
            var client = Client.Create(studio.Id, details, now);
            db.Clients.Add(client);
            await db.SaveChangesAsync(cancellationToken);
            db.PortalLinks.Add(PortalLink.Create(studio.Id, client.Id, userId, LinkMethod.MagicLinkNewClient, now));
            if (await TrySaveAsync(db, cancellationToken)) return (MatchDecision.New, client.Id);
        }

        // Review: a studio-ID registration always; a magic-link one when the matcher is unsure or the client is taken.
        await using var requests = await dbFactory.CreateDbContextAsync(cancellationToken);
        var source = pending.Source == RegistrationSource.MagicLink ? RequestSource.MagicLink : RequestSource.StudioIdNumber;
        if (!await requests.AccountRequests.AnyAsync(r => r.UserId == userId && r.StudioId == studio.Id && r.Status == RequestStatus.Pending, cancellationToken))
        {
            requests.AccountRequests.Add(AccountRequest.Create(studio.Id, userId, form, source, match, now));
            await requests.SaveChangesAsync(cancellationToken);
            requestEvents.Notify(studio.Id);
        }
        return (pending.Source == RegistrationSource.MagicLink ? MatchDecision.Review : null, null);
    }

    private static async Task<bool> TrySaveAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // The client was linked to another account a moment ago (the unique index decided): staff choose instead.
            return false;
        }
    }
}

using EBallroom.Portal.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EBallroom.Portal.Features.AccountRequests;

public enum RequestSource { MagicLink = 0, StudioIdNumber = 1 }
public enum RequestStatus { Pending = 0, Approved = 1, Denied = 2 }

/// <summary>
/// A verified customer asking to be linked to a client of a studio, waiting for staff: the registration data and the
/// matcher's ranked suggestions, kept as they were when the request was made. Decided once, by one staff member.
/// </summary>
public sealed class AccountRequest
{
    public const int ReasonMaxLength = 500;

    private AccountRequest() { }

    public long Id { get; private set; }
    public int StudioId { get; private set; }
    public string UserId { get; private set; } = "";
    public string FirstName { get; private set; } = "";
    public string LastName { get; private set; } = "";
    public string Email { get; private set; } = "";
    public string? Phone { get; private set; }
    public DateOnly? BirthDate { get; private set; }
    public RequestSource Source { get; private set; }
    public RequestStatus Status { get; private set; }

    /// <summary>The matcher's candidates, as JSON (client id, score, reasons), best first.</summary>
    public string CandidatesJson { get; private set; } = "[]";
    public int? TopCandidateClientId { get; private set; }
    public double? TopCandidateScore { get; private set; }

    /// <summary>Folded name, email and phone digits: what the Pending Requests grid filters on.</summary>
    public string SearchText { get; private set; } = "";
    public DateTime SubmittedAtUtc { get; private set; }

    public DateTime? DecidedAtUtc { get; private set; }
    public string? DecidedByUserId { get; private set; }
    public string? DecidedByName { get; private set; }

    /// <summary>The client the account was linked to on approval.</summary>
    public int? LinkedClientId { get; private set; }
    public string? DenialReason { get; private set; }
    public bool CustomerNotified { get; private set; }

    /// <summary>Changes with every decision: of two staff acting on one request, the second one's save finds it changed.</summary>
    public Guid Version { get; private set; }

    public bool IsPending => Status == RequestStatus.Pending;

    public static AccountRequest Create(int studioId, string userId, Matching.Registration registration, RequestSource source,
        Matching.MatchResult match, DateTime nowUtc) => new()
    {
        StudioId = studioId,
        UserId = userId,
        FirstName = registration.FirstName,
        LastName = registration.LastName,
        Email = registration.Email,
        Phone = registration.Phone,
        BirthDate = registration.BirthDate,
        Source = source,
        Status = RequestStatus.Pending,
        CandidatesJson = System.Text.Json.JsonSerializer.Serialize(match.Candidates),
        TopCandidateClientId = match.Top?.ClientId,
        TopCandidateScore = match.Top?.Score,
        SearchText = Clients.ClientSearch.BuildSearchText(registration.FirstName, registration.LastName, registration.Email, registration.Phone),
        SubmittedAtUtc = nowUtc,
        Version = Guid.NewGuid(),
    };

    /// <summary>Links the request's account to <paramref name="clientId"/>, a client of the same studio.</summary>
    public void Approve(int clientId, StaffMember staff, DateTime nowUtc)
    {
        Decide(staff, nowUtc);
        Status = RequestStatus.Approved;
        LinkedClientId = clientId;
        CustomerNotified = true;
    }

    public void Deny(string? reason, bool notifyCustomer, StaffMember staff, DateTime nowUtc)
    {
        var trimmed = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (trimmed is { Length: > ReasonMaxLength }) throw new ArgumentException($"A reason has at most {ReasonMaxLength} characters.", nameof(reason));
        Decide(staff, nowUtc);
        Status = RequestStatus.Denied;
        DenialReason = trimmed;
        CustomerNotified = notifyCustomer;
    }

    private void Decide(StaffMember staff, DateTime nowUtc)
    {
        if (staff.StudioId != StudioId) throw new InvalidOperationException("Staff decide only their own studio's requests.");
        if (!IsPending) throw new InvalidOperationException($"This request was already {Status.ToString().ToLowerInvariant()}.");
        DecidedAtUtc = nowUtc;
        DecidedByUserId = staff.UserId;
        DecidedByName = staff.Name;
        Version = Guid.NewGuid();
    }
}

internal sealed class AccountRequestConfiguration : IEntityTypeConfiguration<AccountRequest>
{
    public void Configure(EntityTypeBuilder<AccountRequest> builder)
    {
        builder.HasOne<Studios.Studio>().WithMany().HasForeignKey(r => r.StudioId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<PortalUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(r => r.UserId).HasMaxLength(64);
        builder.Property(r => r.FirstName).HasMaxLength(Clients.ClientRules.NameMaxLength).IsRequired();
        builder.Property(r => r.LastName).HasMaxLength(Clients.ClientRules.NameMaxLength).IsRequired();
        builder.Property(r => r.Email).HasMaxLength(Clients.ClientRules.EmailMaxLength).IsRequired();
        builder.Property(r => r.Phone).HasMaxLength(Clients.ClientRules.PhoneMaxLength);
        builder.Property(r => r.CandidatesJson).IsRequired();
        builder.Property(r => r.SearchText).HasMaxLength(1000).IsRequired();
        builder.Property(r => r.DecidedByUserId).HasMaxLength(64);
        builder.Property(r => r.DecidedByName).HasMaxLength(256);
        builder.Property(r => r.DenialReason).HasMaxLength(AccountRequest.ReasonMaxLength);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.HasIndex(r => new { r.StudioId, r.Status, r.SubmittedAtUtc });
        builder.HasIndex(r => new { r.StudioId, r.Status, r.DecidedAtUtc });
        builder.HasIndex(r => new { r.UserId, r.StudioId, r.Status });
    }
}

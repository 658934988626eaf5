namespace EBallroom.Portal.Features.Outbox;

public enum OutboxStatus { Queued = 0, Sent = 1, Failed = 2 }

/// <summary>
/// One email waiting to be sent, written in the same transaction as the change that causes it. The drainer claims it
/// with a lease, sends it, and marks it sent; failures back off exponentially until the last attempt marks it failed.
/// </summary>
public sealed class OutboxEmail
{
    public const int AddressMaxLength = 254;
    public const int NameMaxLength = 200;
    public const int SubjectMaxLength = 300;
    public const int ErrorMaxLength = 1000;

    private OutboxEmail() { }

    public long Id { get; private set; }

    /// <summary>The studio the email concerns (the Email queue page shows a studio its own); null for portal-wide mail.</summary>
    public int? StudioId { get; private set; }
    public string Kind { get; private set; } = "";
    public string ToAddress { get; private set; } = "";
    public string? ToName { get; private set; }

    /// <summary>The sender's display name: the studio's name where the mail concerns a studio.</summary>
    public string? FromName { get; private set; }
    public string Subject { get; private set; } = "";
    public string HtmlBody { get; private set; } = "";
    public string TextBody { get; private set; } = "";

    /// <summary>The bodies are encrypted (<see cref="OutboxSeal"/>) because they hold a secret; erased once sent.</summary>
    public bool Sealed { get; private set; }

    /// <summary>Fixed when queued, so a resend after a crash carries the same Message-Id and receivers can drop the copy.</summary>
    public string MessageId { get; private set; } = "";
    public OutboxStatus Status { get; private set; }
    public int Attempts { get; private set; }
    public DateTime CreatedAtUtc { get; private set; }
    public DateTime NextAttemptAtUtc { get; private set; }
    public string? LeaseOwner { get; private set; }
    public DateTime? LeaseExpiresAtUtc { get; private set; }
    public DateTime? SentAtUtc { get; private set; }
    public string? LastError { get; private set; }

    public static OutboxEmail Create(int? studioId, string kind, string toAddress, string? toName, string? fromName,
        string subject, string html, string text, string messageId, DateTime nowUtc, bool isSealed = false) => new()
    {
        Sealed = isSealed,
        StudioId = studioId,
        Kind = kind,
        ToAddress = toAddress.Trim(),
        ToName = toName,
        FromName = fromName,
        Subject = subject.Length > SubjectMaxLength ? subject[..SubjectMaxLength] : subject,
        HtmlBody = html,
        TextBody = text,
        MessageId = messageId,
        Status = OutboxStatus.Queued,
        CreatedAtUtc = nowUtc,
        NextAttemptAtUtc = nowUtc,
    };

    /// <summary>
    /// An attempt failed: try again after <paramref name="retryDelay"/>, or give up when this was the last attempt.
    /// Returns true when the email is now failed for good.
    /// </summary>
    public bool RecordFailedAttempt(string error, DateTime nowUtc, TimeSpan retryDelay, int maxAttempts)
    {
        if (Status != OutboxStatus.Queued) return false;
        Attempts++;
        LastError = error.Length > ErrorMaxLength ? error[..ErrorMaxLength] : error;
        LeaseOwner = null;
        LeaseExpiresAtUtc = null;
        if (Attempts >= maxAttempts)
        {
            Status = OutboxStatus.Failed;
            return true;
        }
        NextAttemptAtUtc = nowUtc + retryDelay;
        return false;
    }

    /// <summary>A failed email goes back in the queue for a fresh set of attempts (staff pressed Retry).</summary>
    public bool Retry(DateTime nowUtc)
    {
        if (Status != OutboxStatus.Failed) return false;
        Status = OutboxStatus.Queued;
        Attempts = 0;
        NextAttemptAtUtc = nowUtc;
        LeaseOwner = null;
        LeaseExpiresAtUtc = null;
        return true;
    }
}

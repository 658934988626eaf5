using MailKit.Security;

namespace EBallroom.Portal.Features.Outbox;

/// <summary>The outbox's settings (section <c>Email</c>).</summary>
public sealed class EmailOptions
{
    public int DrainIntervalSeconds { get; set; } = 10;
    public int BatchSize { get; set; } = 100;
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The first retry waits this long; each further one twice as long (with ±20 % jitter), up to <see cref="RetryMaxSeconds"/>.</summary>
    public double RetryBaseSeconds { get; set; } = 30;
    public double RetryMaxSeconds { get; set; } = 3600;

    /// <summary>How long a claimed batch is reserved for its drainer; a drainer that dies releases its batch when this runs out.</summary>
    public int LeaseSeconds { get; set; } = 120;

    /// <summary>Rows marked sent per database write, in the background; a killed drainer can resend up to twice this many (plus the one in flight).</summary>
    public int MarkEvery { get; set; } = 20;

    /// <summary>Run the drain job on a schedule in this process (switch off for a host that only serves pages).</summary>
    public bool DrainInBackground { get; set; } = true;

    /// <summary>Development without <c>Smtp:Host</c>: the port of the in-process SMTP server (0 picks a free one).</summary>
    public int DevSmtpPort { get; set; } = 2525;
}

/// <summary>The SMTP server mail goes out through (section <c>Smtp</c>).</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public string? Username { get; set; }
    public string? Password { get; set; }
    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;
    public string FromAddress { get; set; } = "portal@localhost";
    public string FromName { get; set; } = "EBallroom Portal";

    public SecureSocketOptions SocketOptions => Security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };
}

public enum SmtpSecurity { None, StartTls, SslOnConnect, Auto }

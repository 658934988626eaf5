using EBallroom.Portal.Infrastructure.Email;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;

namespace EBallroom.Portal.Features.Outbox;

/// <summary>
/// Opens one authenticated MailKit connection to the configured SMTP server — or, in Development without
/// <c>Smtp:Host</c>, to the in-process mailbox.
/// </summary>
public sealed class SmtpConnector(IOptions<SmtpOptions> options, IServiceProvider services)
{
    public async Task<SmtpClient> ConnectAsync(CancellationToken cancellationToken)
    {
        var smtp = options.Value;
        var client = new SmtpClient { Timeout = 30_000 };
        try
        {
            if (string.IsNullOrWhiteSpace(smtp.Host))
            {
                // The Development mailbox of this process, or else (the CLI beside a running portal) the one on the usual port.
                var dev = services.GetService<DevMailbox>()
                    ?? throw new InvalidOperationException("No SMTP server is configured: set Smtp:Host (and Smtp:Port, Smtp:Security).");
                var port = dev.StartedPort ?? (dev.ConfiguredPort > 0 ? dev.ConfiguredPort
                    : throw new InvalidOperationException("The Development mailbox is not running here; start the portal, or set Smtp:Host."));
                await client.ConnectAsync("127.0.0.1", port, SecureSocketOptions.None, cancellationToken);
            }
            else
            {
                await client.ConnectAsync(smtp.Host, smtp.Port, smtp.SocketOptions, cancellationToken);
                if (!string.IsNullOrEmpty(smtp.Username)) await client.AuthenticateAsync(smtp.Username, smtp.Password ?? "", cancellationToken);
            }
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }
}

/// <summary>Development's mailbox: the loopback SMTP server, started with the app, whose messages the Dev mailbox page lists.</summary>
public sealed class DevMailbox(IOptions<EmailOptions> options, ILogger<DevMailbox> logger) : IHostedService, IAsyncDisposable
{
    private readonly TaskCompletionSource<int> _port = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LoopbackSmtpServer Server { get; } = new(capacity: 1000);

    /// <summary>The port the mailbox listens on once this process started it.</summary>
    public int? StartedPort => _port.Task.IsCompletedSuccessfully ? _port.Task.Result : null;

    public int ConfiguredPort => options.Value.DevSmtpPort;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Server.StartAsync(options.Value.DevSmtpPort);
        }
        catch (System.Net.Sockets.SocketException) when (options.Value.DevSmtpPort != 0)
        {
            // Another portal on this machine holds the port (a second instance, or the CLI beside the app): take any free one.
            await Server.StartAsync(0);
        }
        logger.LogInformation("Development mailbox: SMTP on 127.0.0.1:{Port}; read it at /dev/mailbox.", Server.Port);
        _port.TrySetResult(Server.Port);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Server.StopAsync();

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}

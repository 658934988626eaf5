using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.IO.Pipelines;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace EBallroom.Portal.Infrastructure.Email;

/// <summary>A message the loopback server accepted, as the recipient would see it.</summary>
public sealed record ReceivedEmail(long Number, DateTimeOffset ReceivedAt, MimeMessage Message)
{
    public string To => string.Join(", ", Message.To.Mailboxes.Select(m => m.Address));
    public string Subject => Message.Subject ?? "";
}

/// <summary>
/// An SMTP server on loopback that keeps what it receives in memory: the Development mailbox, and the real SMTP peer
/// of the tests. Recipients for which <see cref="RejectRecipient"/> answers true are refused with 550, like a mailbox
/// that does not exist.
/// </summary>
public sealed class LoopbackSmtpServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedEmail> _received = new();
    private readonly int _capacity;
    private long _count;
    private CancellationTokenSource? _stop;
    private Task? _running;

    public LoopbackSmtpServer(int capacity = 100_000) => _capacity = capacity;

    /// <summary>The port the server listens on once started (bound to the one asked for, or a free one for 0).</summary>
    public int Port { get; private set; }

    public Func<string, bool> RejectRecipient { get; set; } = _ => false;

    /// <summary>Time taken per accepted message, to stand for a slow server in tests.</summary>
    public TimeSpan Delay { get; set; }

    public long ReceivedCount => Interlocked.Read(ref _count);

    public IReadOnlyList<ReceivedEmail> Received => _received.ToArray();

    public async Task StartAsync(int port = 0)
    {
        if (_running is not null) throw new InvalidOperationException("The server is already running.");
        var started = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listeners = new NoDelayListenerFactory();
        listeners.EndpointStarted += (_, e) => started.TrySetResult(((IPEndPoint)e.LocalEndPoint).Port);
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        services.Add(new Filter(this));
        services.Add(listeners);
        var server = new SmtpServer.SmtpServer(options, services);
        _stop = new CancellationTokenSource();
        _running = server.StartAsync(_stop.Token);
        var first = await Task.WhenAny(started.Task, _running);
        if (first == _running) await _running; // surfaces the bind error
        Port = await started.Task;
    }

    public async Task StopAsync()
    {
        if (_running is null) return;
        await _stop!.CancelAsync();
        try { await _running; } catch (OperationCanceledException) { }
        _running = null;
        _stop.Dispose();
    }

    public void Clear()
    {
        while (_received.TryDequeue(out _)) { }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private void Keep(MimeMessage message)
    {
        var number = Interlocked.Increment(ref _count);
        _received.Enqueue(new ReceivedEmail(number, DateTimeOffset.UtcNow, message));
        while (_received.Count > _capacity && _received.TryDequeue(out _)) { }
    }

    private sealed class Store(LoopbackSmtpServer server) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (server.Delay > TimeSpan.Zero) await Task.Delay(server.Delay, cancellationToken);
            await using var stream = new MemoryStream(buffer.ToArray());
            server.Keep(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }

    private sealed class Filter(LoopbackSmtpServer server) : MailboxFilter
    {
        public override Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
            Task.FromResult(!server.RejectRecipient(to.AsAddress()));
    }

    /// <summary>
    /// The stock listener leaves Nagle's algorithm on, and MailKit's pipelined commands then wait ~40 ms for delayed ACKs
    /// (about 23 messages/s); this one turns it off on every accepted socket.
    /// </summary>
    private sealed class NoDelayListenerFactory : EndpointListenerFactory
    {
        public override IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
        {
            var tcpListener = new TcpListener(endpointDefinition.Endpoint);
            tcpListener.Start();
            var args = new EndpointEventArgs(endpointDefinition, tcpListener.LocalEndpoint);
            OnEndpointStarted(args);
            return new NoDelayListener(tcpListener, () => OnEndpointStopped(args));
        }
    }

    private sealed class NoDelayListener(TcpListener listener, Action stopped) : IEndpointListener
    {
        public async Task<SmtpServer.IO.ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
        {
            var client = await listener.AcceptTcpClientAsync(cancellationToken);
            client.NoDelay = true;
            context.Properties.Add(EndpointListener.LocalEndPointKey, listener.LocalEndpoint);
            context.Properties.Add(EndpointListener.RemoteEndPointKey, client.Client.RemoteEndPoint);
            return new PlainPipe(client);
        }

        public void Dispose()
        {
            listener.Stop();
            stopped();
        }
    }

    /// <summary>A plain-text connection: the loopback server offers no STARTTLS.</summary>
    private sealed class PlainPipe(TcpClient client) : SmtpServer.IO.ISecurableDuplexPipe
    {
        private readonly Stream _stream = client.GetStream();
        private PipeReader? _input;
        private PipeWriter? _output;

        public PipeReader Input => _input ??= PipeReader.Create(_stream);
        public PipeWriter Output => _output ??= PipeWriter.Create(_stream);
        public bool IsSecure => false;
        public System.Security.Authentication.SslProtocols SslProtocol => System.Security.Authentication.SslProtocols.None;

        public Task UpgradeAsync(System.Security.Cryptography.X509Certificates.X509Certificate certificate,
            System.Security.Authentication.SslProtocols protocols, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("The loopback SMTP server does not offer TLS.");

        public void Dispose() => client.Dispose();
    }
}

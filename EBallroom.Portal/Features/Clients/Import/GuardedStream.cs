namespace EBallroom.Portal.Features.Clients.Import;

/// <summary>Reads through to the upload and stops at the size limit or at a NUL byte (no CSV has one; binaries do).</summary>
internal sealed class GuardedStream(Stream inner, long maxBytes) : Stream
{
    private long _read;

    public override int Read(byte[] buffer, int offset, int count) => Check(inner.Read(buffer, offset, count), buffer.AsSpan(offset));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer, cancellationToken);
        return Check(n, buffer.Span);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Check(int n, ReadOnlySpan<byte> data)
    {
        if (_read == 0 && n >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) || (data[0] == 0xFE && data[1] == 0xFF)))
            throw new ImportFileException("The file is UTF-16 text. Save it as CSV UTF-8 and import it again.");
        _read += n;
        if (_read > maxBytes)
            throw new ImportFileException($"The file is larger than the {maxBytes / (1024 * 1024)} MB limit. Split it into smaller files.");
        if (data[..n].Contains((byte)0))
            throw new ImportFileException("This is not a CSV text file (it contains binary data). Export the clients as CSV, UTF-8.");
        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

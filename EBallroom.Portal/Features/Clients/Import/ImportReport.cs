namespace EBallroom.Portal.Features.Clients.Import;

public sealed record RejectedRow(int Line, string Reason);

/// <summary>What an import did. With a <see cref="FileError"/> nothing was changed.</summary>
public sealed record ImportReport(int Imported, int Updated, int Unchanged, int RejectedCount, IReadOnlyList<RejectedRow> Rejected, string? FileError)
{
    /// <summary>Only the first rejections are kept in detail, so a file of garbage cannot exhaust memory.</summary>
    public const int MaxRejectedDetails = 1000;

    public static ImportReport Failed(string error) => new(0, 0, 0, 0, [], error);
    public bool Succeeded => FileError is null;

    public string Summary => FileError is not null
        ? $"Import failed, nothing was changed: {FileError}"
        : $"Imported {Imported}, updated {Updated}, unchanged {Unchanged}, rejected {RejectedCount}.";
}

public sealed class ImportFileException(string message) : Exception(message);

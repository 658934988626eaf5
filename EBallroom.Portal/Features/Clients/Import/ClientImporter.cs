using System.Globalization;
using System.Text;
using EBallroom.Portal.Infrastructure.Data;
using EBallroom.Portal.Infrastructure.Text;
using Microsoft.EntityFrameworkCore;

namespace EBallroom.Portal.Features.Clients.Import;

/// <summary>
/// Imports a studio's clients from CSV (<c>client_id,first_name,last_name,email,phone,date_of_birth</c>).
/// A row with a known client_id updates that client; a row without one updates the client with the same name and
/// email, if any. Bad rows are rejected with their line; a bad file changes nothing (one transaction).
/// </summary>
public sealed class ClientImporter(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider time, IConfiguration configuration)
{
    public static readonly string[] Columns = ["client_id", "first_name", "last_name", "email", "phone", "date_of_birth"];
    public const long DefaultMaxFileBytes = 25L * 1024 * 1024;
    private const int BatchSize = 1000;

    public long MaxFileBytes => configuration.GetValue("Import:MaxFileBytes", DefaultMaxFileBytes);

    public async Task<ImportReport> ImportAsync(int studioId, Stream csv, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var region = await ClientService.RegionAsync(db, studioId, cancellationToken);
        if (!await db.Studios.AnyAsync(s => s.Id == studioId, cancellationToken))
            return ImportReport.Failed("The studio does not exist.");

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Imports into one studio take turns, so each sees the clients the one before it wrote: SQLite's write lock does
        // that by itself; on a server database this no-op update holds the studio's row until the commit.
        await db.Studios.Where(s => s.Id == studioId).ExecuteUpdateAsync(s => s.SetProperty(x => x.Name, x => x.Name), cancellationToken);
        var run = new ImportRun(db, studioId, region, time.GetUtcNow().UtcDateTime);
        try
        {
            using var reader = new StreamReader(new GuardedStream(csv, MaxFileBytes), new UTF8Encoding(false, throwOnInvalidBytes: true),
                detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024);
            await run.ReadAsync(reader, cancellationToken);
        }
        catch (ImportFileException e)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            return ImportReport.Failed(e.Message);
        }
        catch (DecoderFallbackException)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            return ImportReport.Failed($"The file is not UTF-8 text (the problem is near line {run.Line}). Save it as CSV UTF-8 and import it again.");
        }
        await transaction.CommitAsync(cancellationToken);
        return run.Report();
    }

    /// <summary>One import's state: the rows waiting to be written and what became of each.</summary>
    private sealed class ImportRun(PortalDbContext db, int studioId, string region, DateTime nowUtc)
    {
        private readonly List<(int Line, ValidClientDetails Details)> _batch = new(BatchSize);
        private readonly Dictionary<string, int> _externalIdsSeen = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _nameEmailSeen = new(StringComparer.Ordinal);
        private readonly List<RejectedRow> _rejected = [];
        private readonly DateOnly _today = DateOnly.FromDateTime(nowUtc);
        private int _imported, _updated, _unchanged, _rejectedCount;

        public int Line { get; private set; }

        public async Task ReadAsync(StreamReader reader, CancellationToken ct)
        {
            var csv = new CsvRecordReader(reader);
            var header = await csv.ReadAsync(ct)
                ?? throw new ImportFileException("The file is empty. The first line must name the columns: " + string.Join(",", Columns) + ".");
            Line = header.Line;
            var map = CsvColumns.Map(header.Fields, Columns);

            while (await csv.ReadAsync(ct) is { } record)
            {
                Line = record.Line;
                if (record.Malformed) { Reject(record.Line, "Badly quoted field (a quote inside a field must be doubled, and a quoted field closed)."); continue; }
                if (record.Fields.Count != Columns.Length) { Reject(record.Line, $"Expected {Columns.Length} fields, found {record.Fields.Count}."); continue; }
                Accept(record.Line, record.Fields, map);
                if (_batch.Count >= BatchSize) await FlushAsync(ct);
            }
            await FlushAsync(ct);
        }

        private void Accept(int line, IReadOnlyList<string> record, int[] map)
        {
            string Field(int column) => record[map[column]];
            DateOnly? birthDate = null;
            var rawDate = TextFolding.Clean(Field(5));
            if (rawDate is not null)
            {
                if (!CsvColumns.TryParseDate(rawDate, region, out var parsed)) { Reject(line, $"date_of_birth \"{Shorten(rawDate)}\" is not a date (use YYYY-MM-DD)."); return; }
                birthDate = parsed;
            }
            var validation = ClientRules.Validate(new ClientDetails(Field(1), Field(2), Field(3), Field(4), birthDate, ExternalId: Field(0)), region, _today);
            if (validation.Value is not { } details)
            {
                Reject(line, string.Join(" ", validation.Errors.Values));
                return;
            }
            if (details.ExternalId is { } externalId)
            {
                if (_externalIdsSeen.TryGetValue(externalId, out var first)) { Reject(line, $"client_id {Shorten(externalId)} already appears on line {first}."); return; }
                _externalIdsSeen[externalId] = line;
            }
            else if (NameEmailKey(details) is { } key)
            {
                if (_nameEmailSeen.TryGetValue(key, out var first)) { Reject(line, $"The same client (name and email) already appears on line {first}."); return; }
                _nameEmailSeen[key] = line;
            }
            _batch.Add((line, details));
        }

        private async Task FlushAsync(CancellationToken ct)
        {
            if (_batch.Count == 0) return;
            var externalIds = _batch.Select(b => b.Details.ExternalId).OfType<string>().ToList();
            var emails = _batch.Where(b => b.Details.ExternalId is null && b.Details.Email is not null)
                .Select(b => b.Details.Email!.ToLowerInvariant()).Distinct().ToList();
            var existing = await db.Clients
                .Where(c => c.StudioId == studioId && ((c.ExternalId != null && externalIds.Contains(c.ExternalId)) || (c.NormalizedEmail != null && emails.Contains(c.NormalizedEmail))))
                .ToListAsync(ct);
            var byExternalId = existing.Where(c => c.ExternalId is not null).ToDictionary(c => c.ExternalId!, StringComparer.Ordinal);
            var byNameEmail = existing.Where(c => c.ExternalId is null).GroupBy(c => NameEmailKey(c.FirstName, c.LastName, c.NormalizedEmail))
                .Where(g => g.Key is not null && g.Count() == 1).ToDictionary(g => g.Key!, g => g.Single(), StringComparer.Ordinal);

            var added = new List<Client>();
            foreach (var (_, details) in _batch)
            {
                var match = details.ExternalId is { } id ? byExternalId.GetValueOrDefault(id)
                    : NameEmailKey(details) is { } key ? byNameEmail.GetValueOrDefault(key) : null;
                if (match is null)
                {
                    added.Add(Client.Create(studioId, details, nowUtc));
                    _imported++;
                }
                else if (match.SameAs(details with { Address = match.Address, Notes = match.Notes }))
                {
                    _unchanged++;
                }
                else
                {
                    match.UpdateFromImport(details, nowUtc);
                    db.Entry(match).State = EntityState.Modified;
                    _updated++;
                }
            }
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(ct);
            await db.InsertAllAsync(added, ct);
            db.ChangeTracker.Clear();
            _batch.Clear();
        }

        private static string? NameEmailKey(ValidClientDetails d) => NameEmailKey(d.FirstName, d.LastName, d.Email?.ToLowerInvariant());

        private static string? NameEmailKey(string first, string last, string? normalizedEmail) =>
            normalizedEmail is null ? null : $"{TextFolding.Fold(first)}\u001f{TextFolding.Fold(last)}\u001f{normalizedEmail}";

        private void Reject(int line, string reason)
        {
            _rejectedCount++;
            if (_rejected.Count < ImportReport.MaxRejectedDetails) _rejected.Add(new RejectedRow(line, reason));
        }

        private static string Shorten(string s) => s.Length > 40 ? s[..40] + "…" : s;

        public ImportReport Report() => new(_imported, _updated, _unchanged, _rejectedCount, _rejected, null);
    }
}

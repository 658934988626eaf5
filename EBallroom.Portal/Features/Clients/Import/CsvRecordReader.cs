using System.Text;

namespace EBallroom.Portal.Features.Clients.Import;

/// <summary>One CSV record: its fields, the line it starts on, and whether its quoting was broken.</summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields, bool Malformed);

/// <summary>
/// An RFC 4180 reader over a text stream, read line by line and asynchronously (browser uploads allow no synchronous reads):
/// quoted fields, doubled quotes and line breaks inside quotes; a broken quote marks the record malformed instead of
/// derailing the rest of the file.
/// </summary>
public sealed class CsvRecordReader(TextReader reader, int maxRecordChars = 65_536)
{
    private int _line;

    public async ValueTask<CsvRecord?> ReadAsync(CancellationToken cancellationToken = default)
    {
        string? text;
        do
        {
            text = await reader.ReadLineAsync(cancellationToken);
            if (text is null) return null;
            _line++;
        }
        while (text.Length == 0);

        var start = _line;
        var fields = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        var afterQuote = false;
        var malformed = false;
        var length = 0;
        while (true)
        {
            length += text.Length;
            if (length > maxRecordChars)
                throw new ImportFileException($"Line {start} is longer than {maxRecordChars:N0} characters; this does not look like a client list.");
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (inQuotes)
                {
                    if (c != '"') field.Append(c);
                    else if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                    else { inQuotes = false; afterQuote = true; }
                }
                else if (c == ',')
                {
                    fields.Add(field.ToString());
                    field.Clear();
                    afterQuote = false;
                }
                else if (c == '"' && field.Length == 0 && !afterQuote) inQuotes = true;
                else if (c == '"' || afterQuote) { malformed = true; field.Append(c); }
                else field.Append(c);
            }
            if (!inQuotes) break;
            // A quoted field goes on over the line break.
            text = await reader.ReadLineAsync(cancellationToken);
            if (text is null) { malformed = true; break; }
            _line++;
            field.Append('\n');
        }
        fields.Add(field.ToString());
        return new CsvRecord(start, fields, malformed);
    }
}

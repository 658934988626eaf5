using EBallroom.Portal.Features.Clients.Import;

namespace EBallroom.Portal.Tests.Features.Clients.Import;

public class CsvRecordReaderTests
{
    private static async Task<List<CsvRecord>> ReadAll(string text)
    {
        var reader = new CsvRecordReader(new StringReader(text));
        var records = new List<CsvRecord>();
        while (await reader.ReadAsync() is { } r) records.Add(r);
        return records;
    }

    [Fact]
    public async Task Quoted_fields_may_hold_commas_doubled_quotes_and_line_breaks_and_lines_are_counted()
    {
        var records = await ReadAll("a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\n\"two\nlines\",z\n\nlast,one");

        Assert.Equal([1, 2, 3, 6], records.Select(r => r.Line));
        Assert.Equal(["x, y", "say \"hi\""], records[1].Fields);
        Assert.Equal(["two\nlines", "z"], records[2].Fields);
        Assert.All(records, r => Assert.False(r.Malformed));
    }

    [Theory]
    [InlineData("ab\"c,d")]
    [InlineData("\"ab\"c,d")]
    [InlineData("\"never closed,d")]
    public async Task Broken_quoting_marks_the_record_malformed(string line)
    {
        Assert.True((await ReadAll(line)).Single().Malformed);
    }

    [Fact]
    public async Task A_record_longer_than_the_limit_is_a_file_error()
    {
        var reader = new CsvRecordReader(new StringReader(new string('a', 100)), maxRecordChars: 50);
        await Assert.ThrowsAsync<ImportFileException>(async () => await reader.ReadAsync());
    }
}

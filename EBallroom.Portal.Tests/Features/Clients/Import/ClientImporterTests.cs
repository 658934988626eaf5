using System.Text;
using EBallroom.Portal.Features.Clients.Import;
using EBallroom.Portal.Features.Studios;
using EBallroom.Portal.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EBallroom.Portal.Tests.Features.Clients.Import;

public class ClientImporterTests : IAsyncLifetime
{
    private const string Header = "client_id,first_name,last_name,email,phone,date_of_birth\n";
    private readonly PortalTestHost _host = new();
    private StudioInfo _studio = default!;

    public async Task InitializeAsync()
    {
        await _host.InitializeAsync();
        _studio = await _host.CreateStudioAsync("Studio A");
    }

    public Task DisposeAsync() => _host.DisposeAsync();

    private Task<ImportReport> Import(string csv) => Import(Encoding.UTF8.GetBytes(csv));

    private async Task<ImportReport> Import(byte[] bytes)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ClientImporter>().ImportAsync(_studio.Id, new MemoryStream(bytes));
    }

    private async Task<int> ClientCount()
    {
        await using var db = await _host.DbAsync();
        return await db.Clients.CountAsync();
    }

    [Fact]
    public async Task A_good_file_imports_every_row_with_normalised_fields()
    {
        var report = await Import(Header +
            "A1,Ana,Lopez,Ana@Example.com,(212) 555-0142,1990-05-01\r\n" +
            "A2,\"O'Brien, Jr\",Sean,,+44 20 7946 0958,3/4/1985\r\n" +
            ",Zoë,Kim,zoe@example.org,,\r\n");

        Assert.Equal("Imported 3, updated 0, unchanged 0, rejected 0.", report.Summary);
        await using var db = await _host.DbAsync();
        var ana = await db.Clients.SingleAsync(c => c.ExternalId == "A1");
        Assert.Equal(("+12125550142", new DateOnly(1990, 5, 1), "ana@example.com"), (ana.Phone, ana.BirthDate, ana.NormalizedEmail));
        var sean = await db.Clients.SingleAsync(c => c.ExternalId == "A2");
        Assert.Equal(("O'Brien, Jr", "+442079460958", new DateOnly(1985, 3, 4)), (sean.FirstName, sean.Phone, sean.BirthDate));
    }

    [Fact]
    public async Task Re_importing_updates_by_client_id_and_by_name_and_email_instead_of_duplicating()
    {
        await Import(Header + "A1,Ana,Lopez,ana@example.com,,\n,Zoë,Kim,zoe@example.org,,\nA3,Bo,Diaz,,,\n");

        var report = await Import(Header + "A1,Ana,Lopez-Ruiz,ana@example.com,,\n,Zoë,Kim,zoe@example.org,212 555 0100,\nA3,Bo,Diaz,,,\nA4,New,Person,,,\n");

        Assert.Equal((1, 2, 1, 0), (report.Imported, report.Updated, report.Unchanged, report.RejectedCount));
        Assert.Equal(4, await ClientCount());
        await using var db = await _host.DbAsync();
        Assert.Equal("Lopez-Ruiz", (await db.Clients.SingleAsync(c => c.ExternalId == "A1")).LastName);
        Assert.Equal("+12125550100", (await db.Clients.SingleAsync(c => c.FirstName == "Zoë")).Phone);
    }

    [Fact]
    public async Task Every_kind_of_bad_row_is_rejected_with_its_line_and_reason_while_good_rows_go_in()
    {
        var report = await Import(Header +
            "G1,Good,One,good1@example.com,,\n" +             // line 2
            "B1,,Nofirst,,,\n" +                               // 3
            "B2,Bad,Email,not-an-email,,\n" +                  // 4
            "B3,Bad,Phone,,12,\n" +                            // 5
            "B4,Bad,Date,,,31/31/2000\n" +                     // 6
            "B5,Future,Born,,,2099-01-01\n" +                  // 7
            "B6,Too,Few,fields\n" +                            // 8
            "B7,Too,Many,,,,extra\n" +                         // 9
            "G1,Dup,Id,,,\n" +                                 // 10
            "B8,Bad\"quote,X,,,\n" +                           // 11
            $"B9,{new string('x', 101)},Long,,,\n" +          // 12
            ",Good,Two,,,\n");                                 // 13

        Assert.Equal(2, report.Imported);
        Assert.Equal(10, report.RejectedCount);
        var reasons = report.Rejected.ToDictionary(r => r.Line, r => r.Reason);
        Assert.Contains("First name is required", reasons[3]);
        Assert.Contains("Email is not a valid address", reasons[4]);
        Assert.Contains("Phone is not a valid number", reasons[5]);
        Assert.Contains("is not a date", reasons[6]);
        Assert.Contains("future", reasons[7]);
        Assert.Contains("found 4", reasons[8]);
        Assert.Contains("found 7", reasons[9]);
        Assert.Contains("already appears on line 2", reasons[10]);
        Assert.Contains("quote", reasons[11]);
        Assert.Contains("at most 100 characters", reasons[12]);
        Assert.Equal(2, await ClientCount());
    }

    [Theory]
    [InlineData("first_name,last_name,email,phone,date_of_birth\nAna,Lopez,,,\n", "missing client_id")]
    [InlineData("client_id,first_name,last_name,email,phone,date_of_birth,notes\n", "unexpected notes")]
    [InlineData("client_id,first_name,first_name,email,phone,date_of_birth\n", "missing last_name")]
    [InlineData("name;email\nAna;a@example.com\n", "must name the columns")]
    [InlineData("", "The file is empty")]
    [InlineData("\n\n\n", "The file is empty")]
    public async Task A_file_with_wrong_columns_is_refused_whole(string csv, string expected)
    {
        var report = await Import(csv);

        Assert.False(report.Succeeded);
        Assert.Contains(expected, report.FileError);
        Assert.Equal(0, await ClientCount());
    }

    [Fact]
    public async Task Header_names_are_matched_in_any_order_and_case_with_a_byte_order_mark()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("First_Name,Last_Name,Client_ID,Email,Phone,Date_Of_Birth\r\nAna,Lopez,A1,,,\r\n")).ToArray();

        var report = await Import(bytes);

        Assert.Equal(1, report.Imported);
    }

    [Fact]
    public async Task A_file_that_is_not_UTF8_changes_nothing_even_after_thousands_of_good_rows()
    {
        var good = new StringBuilder(Header);
        for (var i = 0; i < 2500; i++) good.Append($"C{i},First{i},Last{i},,,\n");
        var bytes = Encoding.UTF8.GetBytes(good.ToString()).Concat(Encoding.Latin1.GetBytes("X1,Ren\u00e9,Dupr\u00e9,,,\n")).ToArray();

        var report = await Import(bytes);

        Assert.False(report.Succeeded);
        Assert.Contains("not UTF-8", report.FileError);
        Assert.Equal(0, await ClientCount());
    }

    [Fact]
    public async Task A_UTF16_file_is_refused_with_a_clear_reason()
    {
        var report = await Import(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Header + "A1,Ana,Lopez,,,\n")).ToArray());

        Assert.Contains("UTF-16", report.FileError);
        Assert.Equal(0, await ClientCount());
    }

    [Fact]
    public async Task A_binary_file_is_refused()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52];

        var report = await Import(png.Concat(new byte[4096]).ToArray());

        Assert.Contains("binary", report.FileError);
        Assert.Equal(0, await ClientCount());
    }

    [Fact]
    public async Task A_50_MB_file_is_refused_at_the_size_limit_and_changes_nothing()
    {
        var row = Encoding.UTF8.GetBytes("C,Ana,Lopez,,,\n");
        var bytes = new byte[50 * 1024 * 1024];
        var header = Encoding.UTF8.GetBytes(Header);
        header.CopyTo(bytes, 0);
        for (var at = header.Length; at + row.Length <= bytes.Length; at += row.Length) row.CopyTo(bytes, at);
        for (var i = bytes.Length - 1; bytes[i] == 0; i--) bytes[i] = (byte)'\n';

        var report = await Import(bytes);

        Assert.Contains("25 MB limit", report.FileError);
        Assert.Equal(0, await ClientCount());
    }

    [Fact]
    public async Task Two_imports_of_one_file_at_once_never_duplicate_a_client()
    {
        var csv = new StringBuilder(Header);
        for (var i = 0; i < 300; i++) csv.Append($"C{i},First{i},Last{i},first{i}@example.com,,\n");
        for (var i = 0; i < 100; i++) csv.Append($",NoId{i},Last{i},noid{i}@example.com,,\n");

        var reports = await Task.WhenAll(Task.Run(() => Import(csv.ToString())), Task.Run(() => Import(csv.ToString())));

        Assert.All(reports, r => Assert.True(r.Succeeded, r.FileError));
        Assert.Equal(400, reports.Sum(r => r.Imported));
        Assert.Equal(400, await ClientCount());
    }

    [Fact]
    public async Task An_import_keeps_the_address_and_notes_staff_typed()
    {
        await Import(Header + "A1,Ana,Lopez,,,\n");
        await using (var db = await _host.DbAsync())
        {
            var ana = await db.Clients.SingleAsync();
            ana.Update(new EBallroom.Portal.Features.Clients.ValidClientDetails("Ana", "Lopez", null, null, null,
                new EBallroom.Portal.Features.Clients.PostalAddress("1 Main St", null, "Springfield", "IL", "62701"), "Prefers Tuesdays", "A1"), DateTime.UtcNow);
            await db.SaveChangesAsync();
        }

        await Import(Header + "A1,Ana,Lopez,ana@example.com,,\n");

        await using var check = await _host.DbAsync();
        var updated = await check.Clients.SingleAsync();
        Assert.Equal(("ana@example.com", "1 Main St", "Prefers Tuesdays"), (updated.Email, updated.Address.Line1, updated.Notes));
    }
}

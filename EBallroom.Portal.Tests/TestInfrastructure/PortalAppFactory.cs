using System.Net;
using System.Text.RegularExpressions;
using EBallroom.Portal.Features.Clients;
using EBallroom.Portal.Features.Staff;
using EBallroom.Portal.Features.Studios;
using EBallroom.Portal.Infrastructure.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace EBallroom.Portal.Tests.TestInfrastructure;

/// <summary>The whole portal in memory over its own SQLite file, for HTTP-level tests.</summary>
public class PortalAppFactory : WebApplicationFactory<Program>
{
    private readonly TestFiles _files = new();
    private readonly string? _sharedDatabasePath;

    public PortalAppFactory() { }

    /// <summary>A host over a database another host uses too: two instances of the portal.</summary>
    protected PortalAppFactory(string sharedDatabasePath) => _sharedDatabasePath = sharedDatabasePath;

    /// <summary>Lets a derived host change a setting of the shared test defaults.</summary>
    protected virtual void Adjust(IDictionary<string, string?> settings) { }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        var settings = TestSettings.For(DatabasePath);
        Adjust(settings);
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureServices(ConfigureServices);
    }

    /// <summary>Lets a derived host replace services (a fake clock, say).</summary>
    protected virtual void ConfigureServices(IServiceCollection services) { }

    public string DatabasePath => _sharedDatabasePath ?? _files.PathFor("portal.db");

    public async Task<StudioInfo> CreateStudioAsync(string name)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<StudioService>().CreateAsync(name);
    }

    public async Task CreateStaffAsync(StudioInfo studio, string email, string password, bool admin = true)
    {
        await using var scope = Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<StaffAccounts>().CreateAsync(studio.IdNumber, email, password, admin);
        Assert.True(result.Succeeded, result.Error);
    }

    public async Task<int> AddClientAsync(int studioId, ClientDetails details)
    {
        await using var scope = Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var client = Client.Create(studioId, ClientRules.Validate(details, "US", DateOnly.FromDateTime(DateTime.UtcNow)).Value!, DateTime.UtcNow);
        db.Clients.Add(client);
        await db.SaveChangesAsync();
        return client.Id;
    }

    public HttpClient CreateBrowserLikeClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _files.Dispose();
    }
}

/// <summary>The portal with a clock the tests move (links, tokens and passwords that expire).</summary>
public sealed class FakeClockAppFactory : PortalAppFactory
{
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Time);
}

public static class HttpClientExtensions
{
    public static async Task<string> AntiforgeryTokenAsync(this HttpClient client, string url)
    {
        // Error pages (410, 400) carry forms too: read whatever came back.
        var html = await (await client.GetAsync(url)).Content.ReadAsStringAsync();
        var input = Regex.Match(html, "<input[^>]*name=\"__RequestVerificationToken\"[^>]*>").Value;
        var token = Regex.Match(input, "value=\"([^\"]+)\"").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(token), $"No antiforgery token on {url}.");
        return token;
    }

    public static async Task<HttpResponseMessage> SignInAsync(this HttpClient client, string email, string password, string returnUrl = "/clients")
    {
        var token = await client.AntiforgeryTokenAsync("/Identity/Account/Login");
        return await client.PostAsync("/Identity/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["ReturnUrl"] = returnUrl,
            ["__RequestVerificationToken"] = token,
        }));
    }

    /// <summary>Posts <paramref name="fields"/> to the form at <paramref name="page"/> with the antiforgery token that page hands out.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string page, Dictionary<string, string> fields, string? handler = null)
    {
        var form = new Dictionary<string, string> { ["__RequestVerificationToken"] = await client.AntiforgeryTokenAsync(page) };
        foreach (var (key, value) in fields) form[key] = value;
        return await client.PostAsync(handler is null ? page : $"{page}{(page.Contains('?') ? '&' : '?')}handler={handler}", new FormUrlEncodedContent(form));
    }

    /// <summary>Follows a reset link's <paramref name="code"/> (as it stands in the email) to a new password.</summary>
    public static Task<HttpResponseMessage> ResetPasswordAsync(this HttpClient client, string code, string email, string newPassword) =>
        client.PostFormAsync($"/Identity/Account/ResetPassword?code={code}", new Dictionary<string, string>
        {
            ["Input.Code"] = System.Text.Encoding.UTF8.GetString(Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlDecode(code)),
            ["Input.Email"] = email, ["Input.Password"] = newPassword, ["Input.ConfirmPassword"] = newPassword,
        });

    public static void AssertRedirectsTo(this HttpResponseMessage response, string expectedStart)
    {
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found, $"Expected a redirect, got {(int)response.StatusCode}.");
        var location = response.Headers.Location!.IsAbsoluteUri ? response.Headers.Location.PathAndQuery : response.Headers.Location.OriginalString;
        Assert.StartsWith(expectedStart, location);
    }
}

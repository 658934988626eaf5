using System.Globalization;
using EBallroom.Portal.Components;
using EBallroom.Portal.Features.AutoGenerate;
using EBallroom.Portal.Features.Demo;
using EBallroom.Portal.Features.Outbox;
using EBallroom.Portal.Infrastructure.Data;
using EBallroom.Portal.Infrastructure.Identity;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.FileProviders;
using MudBlazor.Services;

namespace EBallroom.Portal.Infrastructure.Web;

public static class WebExtensions
{
    public static WebApplicationBuilder AddPortalWeb(this WebApplicationBuilder builder)
    {
        // Package assets (_content/MudBlazor) are served from the build output in every environment, not only Development.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddPortalCore(builder.Configuration, builder.Environment);
        builder.Services.AddPortalJobs(builder.Configuration);
        builder.Services.AddRazorPages();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddMudServices();
        builder.Services.Configure<CircuitOptions>(o => o.DetailedErrors = builder.Environment.IsDevelopment());
        builder.Services.AddHostedService<StartupBanner>();
        return builder;
    }

    public static async Task UsePortalAsync(this WebApplication app)
    {
        await app.Services.MigratePortalDatabaseAsync();
        if (app.Environment.IsDevelopment() && app.Configuration.GetValue("Demo:Seed", true))
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync();
        }

        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
            app.UseHsts();
        }
        app.UsePortalSecurityHeaders();
        // Dates and numbers read the same for every visitor until studios get a culture setting of their own.
        var culture = new CultureInfo(app.Configuration["Portal:Culture"] ?? "en-US");
        app.UseRequestLocalization(new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(culture),
            SupportedCultures = [culture],
            SupportedUICultures = [culture],
        });
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);

        var assets = Path.Combine(AppContext.BaseDirectory, "wwwroot-assets");
        if (Directory.Exists(assets))
            app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(assets), RequestPath = "/assets" });

        app.UseAuthentication();
        app.UseTemporaryPasswordGate();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapRazorPages();
        app.MapAutoGenerateCsv();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
    }
}

using System.Threading.RateLimiting;
using EBallroom.Portal.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;

namespace EBallroom.Portal.Infrastructure.Identity;

public static class IdentityExtensions
{
    public const string SignInRateLimit = "sign-in";

    public static IServiceCollection AddPortalIdentity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddDefaultIdentity<PortalUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.SignIn.RequireConfirmedAccount = false;
                options.Password.RequiredLength = PasswordRules<PortalUser>.MinLength;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 1;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = configuration.GetValue("Identity:MaxFailedAccessAttempts", 5);
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(configuration.GetValue("Identity:LockoutMinutes", 15));
                options.Tokens.PasswordResetTokenProvider = PortalResetTokenProvider.ProviderName;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<PortalDbContext>()
            .AddUserManager<PortalUserManager>()
            .AddTokenProvider<PortalResetTokenProvider>(PortalResetTokenProvider.ProviderName)
            .AddClaimsPrincipalFactory<PortalClaimsFactory>()
            .AddPasswordValidator<PasswordRules<PortalUser>>();

        // Last registration wins over Identity's own: PBKDF2 for chosen passwords, the fast check for temporary ones.
        services.AddScoped<IPasswordHasher<PortalUser>, PortalPasswordHasher>();
        services.Configure<PasswordHasherOptions>(options =>
            options.IterationCount = configuration.GetValue("Identity:PasswordHashIterations", 100_000));
        services.Configure<PortalResetTokenOptions>(options =>
            options.TokenLifespan = TimeSpan.FromMinutes(configuration.GetValue("Identity:ResetLinkMinutes", 120)));
        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "EBallroom.Portal";
            options.ExpireTimeSpan = TimeSpan.FromHours(12);
            options.SlidingExpiration = true;
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(PortalPolicies.Staff, p => p.RequireRole(PortalRoles.StaffRoles).RequireClaim(PortalClaims.StudioId))
            .AddPolicy(PortalPolicies.StudioAdmin, p => p.RequireRole(PortalRoles.StudioAdmin).RequireClaim(PortalClaims.StudioId));

        var signInsPerMinute = configuration.GetValue("RateLimits:SignInPerMinute", 20);
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(SignInRateLimit, http =>
                // Only posts count: showing the form again must keep working.
                HttpMethods.IsPost(http.Request.Method)
                    ? RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = signInsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                    : RateLimitPartition.GetNoLimiter("get"));
            Features.Registration.RegistrationRateLimits.Add(options, configuration);
            options.OnRejected = async (context, cancellationToken) =>
            {
                // A page a person can read, not a bare status.
                context.HttpContext.Response.ContentType = "text/html; charset=utf-8";
                await context.HttpContext.Response.WriteAsync(
                    "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Too many attempts</title>" +
                    "<link rel=\"stylesheet\" href=\"/assets/css/portal.css\"></head><body class=\"portal-public\"><main class=\"portal-card\">" +
                    "<h1>Too many attempts</h1><p>Please wait a minute, then try again.</p></main></body></html>", cancellationToken);
            };
        });
        return services;
    }
}

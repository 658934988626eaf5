using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace EBallroom.Portal.Features.Registration;

public static class RegistrationRateLimits
{
    public const string Policy = "registration";

    /// <summary>Registration and confirmation posts per IP address and minute (showing the forms is never limited).</summary>
    public static void Add(RateLimiterOptions options, IConfiguration configuration)
    {
        var perMinute = configuration.GetValue("RateLimits:RegistrationPerMinute", 10);
        options.AddPolicy(Policy, http => HttpMethods.IsPost(http.Request.Method)
            ? RateLimitPartition.GetFixedWindowLimiter("reg:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
            : RateLimitPartition.GetNoLimiter("get"));
    }
}

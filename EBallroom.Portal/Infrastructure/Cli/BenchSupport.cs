using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using EBallroom.Portal.Infrastructure.Identity;
using Microsoft.AspNetCore.Components.Authorization;

namespace EBallroom.Portal.Infrastructure.Cli;

/// <summary>What the benchmarks share: percentiles, timing a call repeatedly, and a staff member to run staff services as.</summary>
public static class BenchSupport
{
    public static double Median(IReadOnlyCollection<double> times) => Percentile(times, 0.5);
    public static double P95(IReadOnlyCollection<double> times) => Percentile(times, 0.95);

    public static double Percentile(IReadOnlyCollection<double> times, double p)
    {
        var sorted = times.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1))];
    }

    /// <summary>Runs <paramref name="action"/> once to warm up, then <paramref name="runs"/> times, and returns each run's milliseconds.</summary>
    public static async Task<List<double>> TimeAsync(int runs, Func<Task> action)
    {
        await action();
        var times = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await action();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        return times;
    }

    /// <summary>Reads a whole-number option from 1 to <paramref name="max"/>, or its default when absent.</summary>
    public static bool TryCount(CliContext ctx, string option, int fallback, int max, out int value)
    {
        value = fallback;
        return ctx.OptionalOption(option) is not { } raw
            || (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= 1 && value <= max);
    }

    /// <summary>A <see cref="CurrentStaff"/> of <paramref name="studioId"/>, for calling staff services from the command line.</summary>
    public static CurrentStaff StaffOf(int studioId) => new(new StaticAuthenticationState(new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, "bench"), new Claim(ClaimTypes.Role, PortalRoles.Staff),
            new Claim(PortalClaims.StudioId, studioId.ToString(CultureInfo.InvariantCulture)),
        ], "bench"))));

    private sealed class StaticAuthenticationState(ClaimsPrincipal user) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(user));
    }
}

using EBallroom.Portal.Features.AccountRequests;
using EBallroom.Portal.Features.Matching;
using EBallroom.Portal.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace EBallroom.Portal.Tests.TestInfrastructure;

public sealed record SeededRequest(long Id, string UserId, string Email);

public static class AccountRequestSeeding
{
    /// <summary>
    /// A verified customer account and its pending request, with the real matcher's candidates, as a confirmed
    /// registration leaves them (the registration tests cover that path end to end).
    /// </summary>
    public static async Task<SeededRequest> CreateRequestAsync(this IServiceProvider services, int studioId, string first, string last, string email,
        string? phone = null, DateOnly? birth = null, RequestSource source = RequestSource.StudioIdNumber, string? password = null, DateTime? nowUtc = null)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = $"{first} {last}" };
            var created = password is null ? await users.CreateAsync(user) : await users.CreateAsync(user, password);
            Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
            await users.AddToRoleAsync(user, PortalRoles.Customer);
        }
        var registration = new Registration(first, last, email, phone, birth);
        var match = await scope.ServiceProvider.GetRequiredService<StudioMatcher>().MatchAsync(studioId, registration);
        await using var db = await scope.ServiceProvider.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<EBallroom.Portal.Infrastructure.Data.PortalDbContext>>()
            .CreateDbContextAsync();
        var request = AccountRequest.Create(studioId, user.Id, registration, source, match,
            nowUtc ?? scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
        db.AccountRequests.Add(request);
        await db.SaveChangesAsync();
        return new SeededRequest(request.Id, user.Id, email);
    }
}

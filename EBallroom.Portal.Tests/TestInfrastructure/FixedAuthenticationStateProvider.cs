using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace EBallroom.Portal.Tests.TestInfrastructure;

/// <summary>The signed-in user of a test scope, as Blazor would supply it.</summary>
public sealed class FixedAuthenticationStateProvider : AuthenticationStateProvider
{
    public ClaimsPrincipal User { get; set; } = new(new ClaimsIdentity());

    public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(User));
}

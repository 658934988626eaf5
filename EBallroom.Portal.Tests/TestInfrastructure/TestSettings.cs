namespace EBallroom.Portal.Tests.TestInfrastructure;

public static class TestSettings
{
    /// <summary>Settings every test host uses: its own SQLite file, no demo, cheap password hashing, no sign-in rate limit in the way.</summary>
    public static Dictionary<string, string?> For(string databasePath, bool seedDemo = false) => new()
    {
        ["ConnectionStrings:Portal"] = $"Data Source={databasePath}",
        ["Demo:Seed"] = seedDemo ? "true" : "false",
        ["Identity:PasswordHashIterations"] = "1000",
        ["RateLimits:SignInPerMinute"] = "10000",
        ["RateLimits:RegistrationPerMinute"] = "10000",
        // Tests drain on purpose; the Development mailbox takes any free port so parallel hosts never collide.
        ["Email:DrainInBackground"] = "false",
        ["Email:DevSmtpPort"] = "0",
    };
}

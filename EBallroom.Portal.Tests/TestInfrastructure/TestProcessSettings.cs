using System.Runtime.CompilerServices;

namespace EBallroom.Portal.Tests.TestInfrastructure;

internal static class TestProcessSettings
{
    /// <summary>
    /// Dozens of hosts start in this one process; each would watch its appsettings files, and the machine allows 128
    /// inotify instances per user. Test hosts never need a settings file reloaded.
    /// </summary>
    [ModuleInitializer]
    internal static void NoConfigurationWatchers() => Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
}

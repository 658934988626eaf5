using MudBlazor;

namespace EBallroom.Portal.Components.Layout;

public static class PortalTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#6b2d5c",
            Secondary = "#c9a227",
            AppbarBackground = "#6b2d5c",
            Background = "#faf8fb",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Roboto", "Helvetica Neue", "Arial", "sans-serif"] },
        },
    };
}

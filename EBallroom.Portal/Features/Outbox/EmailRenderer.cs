using System.Net;
using System.Text.RegularExpressions;
using EBallroom.Portal.Features.Outbox.Templates;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace EBallroom.Portal.Features.Outbox;

/// <summary>Renders an email body component inside the portal's email layout to HTML, and derives the plain-text part.</summary>
public sealed partial class EmailRenderer(IServiceProvider services, ILoggerFactory loggers)
{
    public async Task<(string Html, string Text)> RenderAsync<TBody>(string subject, string? studioName, IDictionary<string, object?> parameters)
        where TBody : IComponent
    {
        await using var renderer = new HtmlRenderer(services, loggers);
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<EmailDocument>(ParameterView.FromDictionary(new Dictionary<string, object?>
            {
                [nameof(EmailDocument.Subject)] = subject,
                [nameof(EmailDocument.StudioName)] = studioName,
                [nameof(EmailDocument.Body)] = typeof(TBody),
                [nameof(EmailDocument.BodyParameters)] = parameters,
            }));
            return output.ToHtmlString();
        });
        return ("<!DOCTYPE html>\n" + html, ToText(html));
    }

    /// <summary>The plain-text part: block ends become line breaks, links keep their address, the rest is the visible text.</summary>
    public static string ToText(string html)
    {
        var text = Regex.Replace(html, @"<(style|script|head)[^>]*>.*?</\1>", "", RegexOptions.Singleline | RegexOptions.IgnoreCase);
        // Line breaks in the markup are just spaces, as a browser shows them; only block ends break lines.
        text = Regex.Replace(text, @"\s+", " ");
        text = Link().Replace(text, m =>
        {
            var label = WebUtility.HtmlDecode(Tag().Replace(m.Groups[2].Value, "")).Trim();
            var href = WebUtility.HtmlDecode(m.Groups[1].Value);
            return label == href || label.Length == 0 ? href : $"{label} ({href})";
        });
        text = Regex.Replace(text, @"<br\s*/?>|</(p|div|h[1-6]|li|tr|table|header|footer)>", "\n", RegexOptions.IgnoreCase);
        text = Regex.Replace(text, @"</t[dh]>", " ", RegexOptions.IgnoreCase);
        text = WebUtility.HtmlDecode(Tag().Replace(text, ""));
        var lines = text.Split('\n').Select(l => Regex.Replace(l, @"[ \t\r]+", " ").Trim());
        return Regex.Replace(string.Join("\n", lines), @"\n{3,}", "\n\n").Trim() + "\n";
    }

    [GeneratedRegex("<a\\s[^>]*href=\"([^\"]*)\"[^>]*>(.*?)</a>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Link();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();
}

/// <summary>Absolute links for emails, from <c>Portal:BaseUrl</c>.</summary>
public sealed class EmailLinks(IConfiguration configuration)
{
    public const string DefaultBaseUrl = "http://localhost:5140";

    public string BaseUrl => (configuration["Portal:BaseUrl"] is { Length: > 0 } url ? url : DefaultBaseUrl).TrimEnd('/');

    public string Absolute(string path) => BaseUrl + "/" + path.TrimStart('/');
}

using System.Globalization;

namespace EBallroom.Portal.Features.Matching;

/// <summary>
/// An in-memory index of one studio's clients on the matcher's keys (email, phone, last+first name key,
/// last name key + birth date, first name key + birth date): used by the <c>match</c> verb and the benchmark.
/// The portal itself looks the same keys up in the database (<see cref="StudioMatcher"/>).
/// </summary>
public sealed class MatchIndex
{
    private readonly Dictionary<string, List<MatchClient>> _byKey = new(StringComparer.Ordinal);
    private readonly string _region;

    public MatchIndex(IEnumerable<MatchClient> clients, string region)
    {
        _region = region;
        foreach (var client in clients) Add(client);
    }

    public int Count { get; private set; }

    public void Add(MatchClient client)
    {
        Count++;
        foreach (var key in Keys(client.NormalizedEmail, client.Phone, client.FirstKey, client.LastKey, client.BirthDate))
        {
            if (!_byKey.TryGetValue(key, out var list)) _byKey[key] = list = new List<MatchClient>(1);
            list.Add(client);
        }
    }

    public MatchResult Match(Registration registration)
    {
        var probe = MatchScorer.Probe.From(registration, _region);
        var seen = new Dictionary<int, MatchClient>();
        foreach (var key in Keys(probe.Email, probe.Phone, probe.FirstKey, probe.LastKey, registration.BirthDate))
        {
            if (!_byKey.TryGetValue(key, out var list)) continue;
            foreach (var client in list) seen.TryAdd(client.Id, client);
        }
        return MatchScorer.Decide(probe, seen.Values);
    }

    /// <summary>The same scorer over every client: the baseline the index is measured against.</summary>
    public static MatchResult MatchByScanning(Registration registration, IEnumerable<MatchClient> clients, string region) =>
        MatchScorer.Decide(MatchScorer.Probe.From(registration, region), clients);

    private static IEnumerable<string> Keys(string? email, string? phone, string firstKey, string lastKey, DateOnly? birth)
    {
        if (email is not null) yield return "e:" + email;
        if (phone is not null) yield return "p:" + phone;
        if (lastKey.Length > 0 && firstKey.Length > 0) yield return $"n:{lastKey}{firstKey}";
        if (birth is { } b)
        {
            var day = b.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
            if (lastKey.Length > 0) yield return $"l:{lastKey}{day}";
            if (firstKey.Length > 0) yield return $"f:{firstKey}{day}";
        }
    }
}

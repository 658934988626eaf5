namespace EBallroom.Portal.Features.Matching;

/// <summary>
/// Scores a client against a registration with a readable reason per field, and decides link / review / new.
/// Safety first: only a verified email equal to the client's, with agreeing names, can link; name, phone and birth
/// date without the email are what an impostor knows, so they lead to review at most.
/// </summary>
public static class MatchScorer
{
    public const double ReviewThreshold = 0.5;

    private const double EmailSame = 0.40;
    private const double FirstSame = 0.20, FirstNickname = 0.17, FirstTypo = 0.15, FirstDiffers = -0.15;
    private const double LastSame = 0.20, LastTypo = 0.15;
    private const double PhoneSame = 0.20;
    private const double BirthSame = 0.25, BirthDiffers = -0.35;

    public enum NameAgreement { Same, Nickname, Typo, Differs }

    /// <summary>A registration with its normalised fields, computed once per match.</summary>
    public sealed record Probe(Registration Raw, string FoldedFirst, string FoldedLast, string FirstKey, string LastKey, string? Email, string? Phone)
    {
        public static Probe From(Registration r, string region) => new(r,
            MatchKeys.FoldName(r.FirstName), MatchKeys.FoldName(r.LastName),
            MatchKeys.FirstNameKey(r.FirstName), MatchKeys.LastNameKey(r.LastName),
            MatchKeys.NormalizeEmail(r.Email), MatchKeys.NormalizePhone(r.Phone, region));
    }

    public static MatchResult Decide(Probe probe, IEnumerable<MatchClient> candidates)
    {
        var scored = new List<(MatchCandidate Candidate, bool Linkable)>();
        foreach (var client in candidates) scored.Add(Score(probe, client));
        scored.Sort((a, b) => b.Candidate.Score.CompareTo(a.Candidate.Score) is var c && c != 0 ? c : a.Candidate.ClientId.CompareTo(b.Candidate.ClientId));
        var top = scored.Take(MatchResult.MaxCandidates).Select(s => s.Candidate).ToList();

        var linkable = scored.Where(s => s.Linkable).ToList();
        if (linkable.Count == 1)
        {
            var linked = linkable[0].Candidate;
            if (top.All(c => c.ClientId != linked.ClientId)) top.Insert(0, linked);
            return new MatchResult(MatchDecision.Link, linked.ClientId, top.OrderByDescending(c => c.ClientId == linked.ClientId).ThenByDescending(c => c.Score).Take(MatchResult.MaxCandidates).ToList());
        }
        // Several clients would each be a link (a shared email with agreeing names): a person must choose.
        if (linkable.Count > 1 || scored.Any(s => s.Candidate.Score >= ReviewThreshold))
            return new MatchResult(MatchDecision.Review, null, top);
        return new MatchResult(MatchDecision.New, null, top);
    }

    public static (MatchCandidate Candidate, bool Linkable) Score(Probe probe, MatchClient client)
    {
        var reasons = new List<FieldReason>(5);

        var emailSame = probe.Email is not null && probe.Email == client.NormalizedEmail;
        if (emailSame)
            reasons.Add(new("email", string.Equals(probe.Raw.Email.Trim(), client.Email, StringComparison.Ordinal) ? "same address" : "same address, other case or spacing", EmailSame));
        else
            reasons.Add(new("email", client.NormalizedEmail is null ? "client has none" : "differs", 0));

        var first = CompareFirst(probe.FoldedFirst, client.FoldedFirst);
        reasons.Add(first switch
        {
            NameAgreement.Same => new FieldReason("first name", "same", FirstSame),
            NameAgreement.Nickname => new FieldReason("first name", NicknameText(probe.Raw.FirstName, client.FirstName, probe.FoldedFirst, client.FoldedFirst), FirstNickname),
            NameAgreement.Typo => new FieldReason("first name", $"close spelling ({probe.Raw.FirstName.Trim()} / {client.FirstName})", FirstTypo),
            _ => new FieldReason("first name", $"differs ({probe.Raw.FirstName.Trim()} / {client.FirstName})", FirstDiffers),
        });

        var last = CompareLast(probe.FoldedLast, client.FoldedLast);
        reasons.Add(last switch
        {
            NameAgreement.Same => new FieldReason("last name", "same", LastSame),
            NameAgreement.Typo => new FieldReason("last name", $"close spelling ({probe.Raw.LastName.Trim()} / {client.LastName})", LastTypo),
            _ => new FieldReason("last name", $"differs ({probe.Raw.LastName.Trim()} / {client.LastName})", 0),
        });

        if (probe.Phone is null || client.Phone is null)
            reasons.Add(new("phone", probe.Phone is null ? "not given" : "client has none", 0));
        else if (probe.Phone == client.Phone)
            reasons.Add(new("phone", probe.Raw.Phone!.Trim() == client.Phone ? "same number" : "same number, other format", PhoneSame));
        else
            reasons.Add(new("phone", "differs", 0));

        var birthDiffers = false;
        if (probe.Raw.BirthDate is null || client.BirthDate is null)
            reasons.Add(new("birth date", probe.Raw.BirthDate is null ? "not given" : "client has none", 0));
        else if (probe.Raw.BirthDate == client.BirthDate)
            reasons.Add(new("birth date", "same", BirthSame));
        else
        {
            birthDiffers = true;
            reasons.Add(new("birth date", "differs", BirthDiffers));
        }

        var score = Math.Round(Math.Clamp(reasons.Sum(r => r.Weight), 0, 1), 3);
        var birthSame = !birthDiffers && probe.Raw.BirthDate is not null && client.BirthDate is not null;
        var linkable = emailSame && first != NameAgreement.Differs && (last != NameAgreement.Differs || birthSame) && !birthDiffers;
        return (new MatchCandidate(client.Id, score, reasons), linkable);
    }

    public static NameAgreement CompareFirst(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0) return NameAgreement.Differs;
        if (a == b) return NameAgreement.Same;
        if (Nicknames.AreVariants(a, b)) return NameAgreement.Nickname;
        // Two real names a letter apart (Maria, Marie; Dan, Dana) are two people, not a typo.
        if (Nicknames.IsKnownName(a) && Nicknames.IsKnownName(b)) return NameAgreement.Differs;
        return IsTypo(a, b) ? NameAgreement.Typo : NameAgreement.Differs;
    }

    public static NameAgreement CompareLast(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0) return NameAgreement.Differs;
        if (a == b) return NameAgreement.Same;
        return IsTypo(a, b) ? NameAgreement.Typo : NameAgreement.Differs;
    }

    /// <summary>A swap of two letters in a name of 4+ letters, one wrong letter in 5+, or two in 9+.</summary>
    private static bool IsTypo(string a, string b)
    {
        var shorter = Math.Min(a.Length, b.Length);
        if (shorter < 4) return false;
        if (StringSimilarity.IsTransposition(a, b)) return true;
        var allowed = shorter >= 9 ? 2 : shorter >= 5 ? 1 : 0;
        return allowed > 0 && StringSimilarity.Distance(a, b, allowed) <= allowed;
    }

    private static string NicknameText(string typed, string onFile, string foldedTyped, string foldedOnFile)
    {
        typed = typed.Trim();
        if (Nicknames.Formal(foldedTyped) == foldedOnFile) return $"{typed} is a nickname of {onFile}";
        if (Nicknames.Formal(foldedOnFile) == foldedTyped) return $"{onFile} is a nickname of {typed}";
        return $"{typed} and {onFile} are forms of one name";
    }
}

namespace EBallroom.Portal.Features.Matching;

/// <summary>What a customer typed when registering. Names and email are required; the rest may be missing.</summary>
public sealed record Registration(string FirstName, string LastName, string Email, string? Phone = null, DateOnly? BirthDate = null);

public enum MatchDecision { Link, Review, New }

/// <summary>One line of the explanation a staff member reads: "first name: Bob is a nickname of Robert".</summary>
public sealed record FieldReason(string Field, string Text, double Weight)
{
    public override string ToString() => $"{Field}: {Text}";
}

public sealed record MatchCandidate(int ClientId, double Score, IReadOnlyList<FieldReason> Reasons)
{
    public string Explanation => string.Join("; ", Reasons);
}

public sealed record MatchResult(MatchDecision Decision, int? LinkedClientId, IReadOnlyList<MatchCandidate> Candidates)
{
    public const int MaxCandidates = 5;
    public MatchCandidate? Top => Candidates.Count > 0 ? Candidates[0] : null;
}

/// <summary>
/// A client as the matcher sees it: the normalised fields and the keys it is indexed by. Built once per client
/// (<see cref="MatchKeys.ForClient"/>) and stored with it, so lookups never recompute them.
/// </summary>
public sealed record MatchClient(int Id, string FirstName, string LastName, string? Email, string? Phone, DateOnly? BirthDate)
{
    public string FoldedFirst { get; } = MatchKeys.FoldName(FirstName);
    public string FoldedLast { get; } = MatchKeys.FoldName(LastName);
    public string FirstKey { get; } = MatchKeys.FirstNameKey(FirstName);
    public string LastKey { get; } = MatchKeys.LastNameKey(LastName);
    public string? NormalizedEmail { get; } = MatchKeys.NormalizeEmail(Email);
}

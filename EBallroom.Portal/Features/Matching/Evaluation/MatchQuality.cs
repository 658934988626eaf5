namespace EBallroom.Portal.Features.Matching.Evaluation;

/// <summary>The matcher's marks on a labelled set, as the issue defines them.</summary>
public sealed record MatchQuality(
    int UnsafeLinks,
    double SameEmailAutoLinkRate,
    double NewEmailRightClientFirstInReview,
    double NewEmailRightClientInTop5,
    double DuplicateRate,
    double StrangersToReview,
    double ImpostorsToReview,
    int Registrations)
{
    public static MatchQuality Measure(SyntheticMatchSet set, Func<Registration, MatchResult> match)
    {
        var byId = set.Clients.ToDictionary(c => c.Id);
        var results = set.Registrations.Select(r => (Label: r, Result: match(r.Registration))).ToList();

        var unsafeLinks = results.Count(x => x.Result.Decision == MatchDecision.Link &&
            (x.Result.LinkedClientId != x.Label.ExpectedClientId
             || byId[x.Result.LinkedClientId!.Value].NormalizedEmail != MatchKeys.NormalizeEmail(x.Label.Registration.Email)));

        double Rate(IEnumerable<(LabelledRegistration Label, MatchResult Result)> of, Func<(LabelledRegistration Label, MatchResult Result), bool> hit)
        {
            var list = of.ToList();
            return list.Count == 0 ? 1 : (double)list.Count(hit) / list.Count;
        }

        var sameEmail = results.Where(x => Cases.SamePersonSameEmail.Contains(x.Label.Case));
        var newEmail = results.Where(x => x.Label.Case == Case.NewEmail).ToList();
        return new MatchQuality(
            unsafeLinks,
            Rate(sameEmail, x => x.Result.Decision == MatchDecision.Link && x.Result.LinkedClientId == x.Label.ExpectedClientId),
            Rate(newEmail, x => x.Result.Decision == MatchDecision.Review && x.Result.Top?.ClientId == x.Label.ExpectedClientId),
            Rate(newEmail, x => x.Result.Candidates.Any(c => c.ClientId == x.Label.ExpectedClientId)),
            Rate(results.Where(x => Cases.IsSamePerson(x.Label.Case)), x => x.Result.Decision == MatchDecision.New),
            Rate(results.Where(x => Cases.Strangers.Contains(x.Label.Case)), x => x.Result.Decision == MatchDecision.Review),
            Rate(results.Where(x => x.Label.Case == Case.Impostor), x => x.Result.Decision == MatchDecision.Review),
            results.Count);
    }

    public override string ToString() =>
        $"{Registrations} registrations: unsafe links {UnsafeLinks}; same-email auto-link {SameEmailAutoLinkRate:P1}; " +
        $"new email: right client first in review {NewEmailRightClientFirstInReview:P1}, in top 5 {NewEmailRightClientInTop5:P1}; " +
        $"duplicates {DuplicateRate:P1}; strangers to review {StrangersToReview:P1}; impostors to review {ImpostorsToReview:P1}";
}

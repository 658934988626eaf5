using EBallroom.Portal.Features.Matching;
using EBallroom.Portal.Features.Matching.Evaluation;
using Xunit.Abstractions;

namespace EBallroom.Portal.Tests.Features.Matching;

/// <summary>The matcher's exam on a labelled synthetic studio (deterministic), with the pass marks.</summary>
public class MatchQualityTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(2026)]
    [InlineData(7)]
    [InlineData(99)]
    public void The_matcher_meets_the_safety_and_recall_marks_on_the_labelled_set(int seed)
    {
        var set = SyntheticMatchSet.Generate(clientCount: 5_000, registrationsPerCase: 150, seed);
        var index = new MatchIndex(set.Clients, "US");

        var quality = MatchQuality.Measure(set, index.Match);
        output.WriteLine(quality.ToString());

        Assert.Equal(0, quality.UnsafeLinks);
        Assert.True(quality.SameEmailAutoLinkRate >= 0.97, quality.ToString());
        Assert.True(quality.NewEmailRightClientFirstInReview >= 0.90, quality.ToString());
        Assert.True(quality.NewEmailRightClientInTop5 >= 0.98, quality.ToString());
        Assert.True(quality.DuplicateRate <= 0.02, quality.ToString());
        Assert.True(quality.StrangersToReview <= 0.05, quality.ToString());
        Assert.True(quality.ImpostorsToReview >= 0.95, quality.ToString());
    }

    [Fact]
    public void The_index_finds_what_a_full_scan_with_the_same_scorer_finds()
    {
        var set = SyntheticMatchSet.Generate(clientCount: 3_000, registrationsPerCase: 20, seed: 5);
        var index = new MatchIndex(set.Clients, "US");

        foreach (var labelled in set.Registrations)
        {
            var indexed = index.Match(labelled.Registration);
            var scanned = MatchIndex.MatchByScanning(labelled.Registration, set.Clients, "US");
            Assert.Equal(scanned.Decision, indexed.Decision);
            Assert.Equal(scanned.LinkedClientId, indexed.LinkedClientId);
            // Clients the index skips share no key with the registration, so they can only score below review.
            Assert.Equal(scanned.Candidates.Where(c => c.Score >= MatchScorer.ReviewThreshold).Select(c => c.ClientId),
                indexed.Candidates.Where(c => c.Score >= MatchScorer.ReviewThreshold).Select(c => c.ClientId));
        }
    }
}

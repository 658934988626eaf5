using EBallroom.Portal.Features.Matching;

namespace EBallroom.Portal.Features.AccountRequests;

public enum CompareField { FirstName, LastName, Email, Phone, BirthDate }

/// <summary>
/// Which of a loaded client's fields differ from the registration, as the Details panel highlights them. Compared the way
/// the matcher reads them — names folded, emails case-folded, phones as numbers — so "ANA" and "Ana" do not light up.
/// A field the customer left empty differs from nothing.
/// </summary>
public static class FieldDifferences
{
    public static IReadOnlySet<CompareField> Between(RequestDetails registration, LoadedClient client)
    {
        var differs = new HashSet<CompareField>();
        if (MatchKeys.FoldName(registration.FirstName) != MatchKeys.FoldName(client.FirstName)) differs.Add(CompareField.FirstName);
        if (MatchKeys.FoldName(registration.LastName) != MatchKeys.FoldName(client.LastName)) differs.Add(CompareField.LastName);
        if (MatchKeys.NormalizeEmail(registration.Email) != MatchKeys.NormalizeEmail(client.Email)) differs.Add(CompareField.Email);
        if (registration.Phone is not null && registration.Phone != client.Phone) differs.Add(CompareField.Phone);
        if (registration.BirthDate is not null && registration.BirthDate != client.BirthDate) differs.Add(CompareField.BirthDate);
        return differs;
    }
}

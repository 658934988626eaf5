namespace EBallroom.Portal.Features.AccountRequests;

/// <summary>
/// Tells every open staff dashboard of a studio that its pending requests changed (a registration arrived, a colleague
/// decided one), so the navigation badge and the grid are current without polling.
/// </summary>
public sealed class AccountRequestEvents
{
    public event Action<int>? PendingChanged;

    public void Notify(int studioId) => PendingChanged?.Invoke(studioId);
}

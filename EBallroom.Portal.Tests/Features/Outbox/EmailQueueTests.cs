using System.Security.Claims;
using EBallroom.Portal.Features.Outbox;
using EBallroom.Portal.Features.Studios;
using Microsoft.Extensions.DependencyInjection;

namespace EBallroom.Portal.Tests.Features.Outbox;

/// <summary>The Email queue page's service: one studio's emails, by state, and Retry.</summary>
public class EmailQueueTests : OutboxTestBase
{
    private StudioInfo _other = default!;
    private ClaimsPrincipal _staff = default!, _otherStaff = default!;

    protected override void Adjust(IDictionary<string, string?> settings) => settings["Email:MaxAttempts"] = "1";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _other = await Host.CreateStudioAsync("Other Studio");
        _staff = await Host.CreateStaffAsync(Studio, "staff@outbox.example");
        _otherStaff = await Host.CreateStaffAsync(_other, "staff@other.example");
    }

    private async Task<T> As<T>(ClaimsPrincipal user, Func<EmailQueueService, Task<T>> action)
    {
        await using var scope = Host.As(user);
        return await action(scope.ServiceProvider.GetRequiredService<EmailQueueService>());
    }

    [Fact]
    public async Task Staff_see_their_studios_emails_by_state_with_the_error_and_retry_a_failed_one()
    {
        Sink.RejectRecipient = a => a == "nobody@example.com";
        await QueueAsync(3, i => i == 0 ? "nobody@example.com" : $"c{i}@example.com");
        await DrainAsync();

        var counts = await As(_staff, q => q.CountsAsync());
        var failed = await As(_staff, q => q.GetPageAsync(new EmailQueueQuery(OutboxStatus.Failed)));
        var search = await As(_staff, q => q.GetPageAsync(new EmailQueueQuery(Search: "c2@")));

        Assert.Equal(new EmailQueueCounts(0, 2, 1), counts);
        var row = Assert.Single(failed.Rows);
        Assert.Contains("RecipientNotAccepted", row.LastError);
        Assert.Equal("c2@example.com", Assert.Single(search.Rows).ToAddress);

        Sink.RejectRecipient = _ => false;
        Assert.True(await As(_staff, q => q.RetryAsync(row.Id)));
        Assert.False(await As(_staff, q => q.RetryAsync(row.Id)));
        await DrainAsync();

        Assert.Equal(new EmailQueueCounts(0, 3, 0), await As(_staff, q => q.CountsAsync()));
        Assert.Contains(Sink.Received, r => r.To == "nobody@example.com");
    }

    [Fact]
    public async Task Another_studios_emails_are_invisible_and_cannot_be_retried()
    {
        Sink.RejectRecipient = _ => true;
        await QueueAsync(2);
        await DrainAsync();
        var id = (await RowsAsync()).First().Id;

        Assert.Equal(new EmailQueueCounts(0, 0, 0), await As(_otherStaff, q => q.CountsAsync()));
        Assert.Empty((await As(_otherStaff, q => q.GetPageAsync(new EmailQueueQuery()))).Rows);
        Assert.False(await As(_otherStaff, q => q.RetryAsync(id)));
        Assert.Equal(OutboxStatus.Failed, (await RowsAsync()).First().Status);
    }

    [Fact]
    public async Task A_test_email_goes_to_the_staff_member_and_names_the_studio()
    {
        var to = await As(_staff, q => q.SendTestAsync());
        await DrainAsync();

        var received = Assert.Single(Sink.Received);
        Assert.Equal("staff@outbox.example", to);
        Assert.Equal("staff@outbox.example", received.To);
        Assert.Equal("Test email from Outbox Studio", received.Subject);
        Assert.Contains("Outbox Studio", received.Message.TextBody);
    }
}

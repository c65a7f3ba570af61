using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Processing;

/// <summary>Repeated STOPs from an opted-out number get one confirmation per loop-guard window, not one each.</summary>
public sealed class OptOutConfirmationTests
{
    [Fact]
    public async Task Stop_SentFiveTimes_OneConfirmationQueued()
    {
        await using var messaging = await MessagingApp.StartAsync();
        var endpoint = await messaging.App.CreateEndpointAsync();

        for (var i = 0; i < 5; i++)
        {
            await messaging.SendAsync(endpoint, $"stop-{i}", "STOP");
            await messaging.WaitUntilProcessedAsync(endpoint, i + 1);
        }

        var outbox = await messaging.OutboxAsync(endpoint);
        Assert.Single(outbox, m => m.IsOptOutConfirmation);
    }
}

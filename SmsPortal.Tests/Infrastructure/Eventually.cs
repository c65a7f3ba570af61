namespace SmsPortal.Tests.Infrastructure;

public static class Eventually
{
    /// <summary>Polls until <paramref name="condition"/> holds (background work: workers, log flushes).</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string because, int timeoutSeconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {timeoutSeconds}s waiting until {because}.");
            }
            await Task.Delay(50);
        }
    }
}

namespace SmsPortal.Webhooks;

/// <summary>
/// Whether a received message is an old one brought back by a catch-up whose replies are held back (the team
/// would otherwise answer hours-old texts). Registered by the gateway-connect feature; without it, none is held.
/// </summary>
public interface IHeldReplies
{
    ValueTask<bool> HoldsAsync(string endpointId, DateTimeOffset receivedAt, CancellationToken cancellationToken);
}

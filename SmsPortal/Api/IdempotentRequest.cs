namespace SmsPortal.Api;

/// <summary>
/// An <c>Idempotency-Key</c> a client sent with <c>POST /api/v1/messages</c>: the same key again returns the same
/// message instead of sending another. Kept for <see cref="ApiOptions.IdempotencyRetention"/>.
/// </summary>
public sealed class IdempotentRequest
{
    public Guid WorkspaceId { get; init; }
    public required string Key { get; init; }
    /// <summary>SHA-256 of the request body: the same key with another body is refused, not answered with the first.</summary>
    public required byte[] RequestHash { get; init; }
    public required string MessageId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

namespace SmsPortal.Common;

/// <summary>A secret that can verify a delivery until <see cref="ExpiresAt"/> (null: the current secret).</summary>
public sealed record SigningKey(byte[] Secret, DateTimeOffset? ExpiresAt)
{
    public bool IsValidAt(DateTimeOffset now) => ExpiresAt is null || ExpiresAt > now;
}

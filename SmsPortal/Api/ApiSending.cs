using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmsPortal.ApiKeys;
using SmsPortal.Common;
using SmsPortal.Data;
using SmsPortal.Outbound;

namespace SmsPortal.Api;

/// <summary>The outcome of a send: the message, and whether it is the one an earlier request with the same key made.</summary>
public sealed record SendOutcome(ApiMessage Message, bool Replayed);

/// <summary>
/// <c>POST /messages</c> with an optional <c>Idempotency-Key</c>: the key is reserved with the message id before the
/// message is queued, so a retry, even one racing the first request, gets the same message and never a second SMS.
/// </summary>
public sealed class ApiSending(IDbContextFactory<AppDbContext> dbFactory, OutboundService outbound, IOptionsMonitor<ApiOptions> options, TimeProvider time)
    : IPeriodicCleanup
{
    public const int MaxKeyLength = 255;

    /// <exception cref="UserInputException">Bad number or text, an opted-out recipient, or a key reused for another request.</exception>
    public async Task<SendOutcome> SendAsync(ApiKeyIdentity key, SendMessageRequest request, string? idempotencyKey, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.To))
        {
            throw new UserInputException("'to' is required: the recipient's number, e.g. +15551234567.");
        }
        if (idempotencyKey is null)
        {
            return new(ApiMessages.Outbound(await outbound.SendToNumberAsync(key.WorkspaceId, key.ActingAs, request.To, request.Text, cancellationToken)), false);
        }
        if (idempotencyKey.Length is 0 or > MaxKeyLength)
        {
            throw new UserInputException($"Idempotency-Key must be 1 to {MaxKeyLength} characters.");
        }
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{request.To}\n{request.Text}"));
        var (messageId, reserved) = await ReserveAsync(key.WorkspaceId, idempotencyKey, hash, cancellationToken);
        if (!reserved)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var existing = await db.OutboundMessages.AsNoTracking().SingleOrDefaultAsync(m => m.Id == messageId && m.WorkspaceId == key.WorkspaceId, cancellationToken)
                ?? throw new UserInputException("A request with this Idempotency-Key is still being handled; retry in a moment.");
            return new(ApiMessages.Outbound(existing), true);
        }
        try
        {
            return new(ApiMessages.Outbound(await outbound.SendToNumberAsync(key.WorkspaceId, key.ActingAs, request.To, request.Text, cancellationToken, messageId)), false);
        }
        catch (Exception)
        {
            // Nothing was queued: free the key so a corrected retry is not answered with this failure.
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            await db.IdempotentRequests.Where(r => r.WorkspaceId == key.WorkspaceId && r.Key == idempotencyKey).ExecuteDeleteAsync(CancellationToken.None);
            throw;
        }
    }

    public string Name => "expired Idempotency-Keys";

    private TimeSpan Retention => options.CurrentValue.IdempotencyRetention;

    /// <summary>Deletes keys older than <see cref="ApiOptions.IdempotencyRetention"/>; a key reused after that sends again.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - Retention;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.IdempotentRequests.Where(r => r.CreatedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }

    private async Task<(string MessageId, bool Reserved)> ReserveAsync(Guid workspaceId, string key, byte[] hash, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var existing = await db.IdempotentRequests.AsNoTracking()
            .SingleOrDefaultAsync(r => r.WorkspaceId == workspaceId && r.Key == key, cancellationToken);
        if (existing is not null && existing.CreatedAt < now - Retention)
        {
            await db.IdempotentRequests.Where(r => r.WorkspaceId == workspaceId && r.Key == key).ExecuteDeleteAsync(cancellationToken);
            existing = null;
        }
        if (existing is null)
        {
            var row = new IdempotentRequest { WorkspaceId = workspaceId, Key = key, RequestHash = hash, MessageId = outbound.NewMessageId(), CreatedAt = now };
            db.IdempotentRequests.Add(row);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return (row.MessageId, true);
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
                existing = await db.IdempotentRequests.AsNoTracking().SingleAsync(r => r.WorkspaceId == workspaceId && r.Key == key, cancellationToken);
            }
        }
        if (!CryptographicOperations.FixedTimeEquals(existing.RequestHash, hash))
        {
            throw new UserInputException("This Idempotency-Key was used for a different request; use a new key for a new message.");
        }
        return (existing.MessageId, false);
    }
}

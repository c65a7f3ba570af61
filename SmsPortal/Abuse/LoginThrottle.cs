using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace SmsPortal.Abuse;

/// <summary>
/// Failed logins counted per account and client address, not per account: a stranger guessing an Owner's password
/// slows down only their own attempts from their own address, and the Owner still signs in from theirs. After
/// <see cref="RateLimitOptions.LoginFailuresBeforeDelay"/> failures the pair waits, and each further failure doubles
/// the wait up to <see cref="RateLimitOptions.MaxLoginDelay"/>. A successful login clears the pair.
/// </summary>
public sealed class LoginThrottle(IOptionsMonitor<RateLimitOptions> options, TimeProvider time)
{
    private const int MaxTracked = 100_000;
    private readonly ConcurrentDictionary<string, Failures> _failures = new(StringComparer.Ordinal);

    /// <summary>How long this account must wait before trying again from this address, or null.</summary>
    public TimeSpan? WaitFor(string account, string address)
    {
        if (!_failures.TryGetValue(Key(account, address), out var failures))
        {
            return null;
        }
        var wait = failures.BlockedUntil - time.GetUtcNow();
        return wait > TimeSpan.Zero ? wait : null;
    }

    public void Failed(string account, string address)
    {
        var settings = options.CurrentValue;
        var now = time.GetUtcNow();
        if (_failures.Count >= MaxTracked)
        {
            Prune(now);
        }
        _failures.AddOrUpdate(Key(account, address),
            _ => Next(new Failures(0, now, now), settings, now),
            (_, previous) => Next(previous, settings, now));
    }

    public void Succeeded(string account, string address) => _failures.TryRemove(Key(account, address), out _);

    private static Failures Next(Failures previous, RateLimitOptions settings, DateTimeOffset now)
    {
        var count = previous.Count + 1;
        var over = count - settings.LoginFailuresBeforeDelay;
        if (over < 0)
        {
            return previous with { Count = count, LastAt = now };
        }
        var delay = TimeSpan.FromTicks(Math.Min(settings.MaxLoginDelay.Ticks, settings.FirstLoginDelay.Ticks * (1L << Math.Min(over, 20))));
        return new Failures(count, now + delay, now);
    }

    private void Prune(DateTimeOffset now)
    {
        var horizon = now - options.CurrentValue.MaxLoginDelay;
        foreach (var (key, failures) in _failures)
        {
            if (failures.LastAt < horizon && failures.BlockedUntil < now)
            {
                _failures.TryRemove(key, out _);
            }
        }
    }

    private static string Key(string account, string address) => account.Trim().ToUpperInvariant() + "|" + address;

    private sealed record Failures(int Count, DateTimeOffset BlockedUntil, DateTimeOffset LastAt);
}

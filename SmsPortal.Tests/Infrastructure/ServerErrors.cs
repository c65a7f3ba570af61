using Microsoft.Extensions.Logging;

namespace SmsPortal.Tests.Infrastructure;

/// <summary>The exceptions the server logged, so a 5xx names its cause.</summary>
public sealed class ServerErrors : ILoggerProvider, ILogger
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<Exception> _exceptions = new();

    /// <summary>The last exception logged, and what it wraps.</summary>
    public string Last() => _exceptions.LastOrDefault() is { } e ? Describe(e) : "nothing logged";

    private static string Describe(Exception e) =>
        $"{e.GetType().Name}: {(e.Message.Length > 300 ? e.Message[..300] + "…" : e.Message)} at {e.StackTrace?.Split('\n').FirstOrDefault(l => l.Contains("SmsPortal"))?.Trim()}"
        + (e.InnerException is { } inner ? " ← " + Describe(inner) : "");

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (exception is not null)
        {
            _exceptions.Enqueue(exception);
        }
    }

    public void Dispose()
    {
    }
}

using System.Net.Http;

namespace SmsPortal.Egress;

/// <summary>A workspace URL led to an address it may not reach. The message is ours and safe to show.</summary>
public sealed class DestinationRefusedException(string message, bool hostNotFound = false) : HttpRequestException(HttpRequestError.ConnectionError, message)
{
    /// <summary>The name did not resolve: refused when connecting, but no reason to refuse a URL when it is saved.</summary>
    public bool HostNotFound { get; } = hostNotFound;

    /// <summary>The refusal somewhere in <paramref name="exception"/>'s chain (the handler wraps what the connect callback throws).</summary>
    public static DestinationRefusedException? In(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is DestinationRefusedException refused)
            {
                return refused;
            }
        }
        return null;
    }
}

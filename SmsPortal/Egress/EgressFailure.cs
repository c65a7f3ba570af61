using System.Net;

namespace SmsPortal.Egress;

/// <summary>Failure text for calls to workspace URLs, in our words: never the remote server's body or reason phrase.</summary>
internal static class EgressFailure
{
    public static string Describe(HttpStatusCode status) => (int)status is >= 300 and < 400
        ? $"{(int)status} {status}: a redirect, which is not followed; enter the final URL"
        : $"{(int)status} {status}";

    public static string Describe(Exception exception) =>
        DestinationRefusedException.In(exception)?.Message
        ?? (exception is HttpRequestException ? "Could not connect." : "Timed out.");

    /// <summary>A 3xx (not followed) or a 4xx other than 408/429: sending the same request again would fail again.</summary>
    public static bool IsPermanent(HttpStatusCode status) =>
        (int)status is >= 300 and < 500 && status is not HttpStatusCode.RequestTimeout and not HttpStatusCode.TooManyRequests;
}

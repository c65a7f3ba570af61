using SmsPortal.Inbox;
using SmsPortal.Outbound;
using SmsPortal.Processing;

namespace SmsPortal.Inbox.Pages;

/// <summary>How a conversation's messages look and read in the thread: bubble and status styles, origin and action lines.</summary>
internal static class ThreadText
{
    /// <param name="target">The item a search result opened the thread at: outlined.</param>
    public static string BubbleStyle(ThreadMessage message, bool target = false) =>
        "max-width: 85%; border-radius: 12px; " + (target ? "outline: 2px solid var(--mud-palette-secondary); " : "") + message.Direction switch
        {
            MessageDirection.Inbound => "background: var(--mud-palette-background-gray);",
            // Notes look unlike anything a contact sees: amber, dashed, centred.
            MessageDirection.Note => "background: color-mix(in srgb, var(--mud-palette-warning) 18%, var(--mud-palette-surface)); border: 1px dashed var(--mud-palette-warning);",
            _ => "background: color-mix(in srgb, var(--mud-palette-primary) 14%, var(--mud-palette-surface));",
        };

    public static string StatusStyle(OutboundStatus? status) => status switch
    {
        OutboundStatus.Failed => "color: var(--mud-palette-error); font-weight: 600;",
        OutboundStatus.Delivered => "color: var(--mud-palette-success-darken); font-weight: 600;",
        _ => "font-weight: 600;",
    };

    public static string OriginText(ThreadMessage message) => message.Origin switch
    {
        OutboundOrigin.AutoReply => "Auto-reply",
        OutboundOrigin.Compliance => "Compliance reply",
        _ => message.SentBy is { Length: > 0 } by ? $"Sent by {by}" : "Manual reply",
    };

    public static string ActionText(FiredAction action) => action.Outcome switch
    {
        ActionOutcome.Done => action.Action,
        ActionOutcome.Skipped => $"{action.Action} (skipped{(action.Detail is { Length: > 0 } d ? ": " + d : "")})",
        _ => $"{action.Action} (failed{(action.Detail is { Length: > 0 } d ? ": " + d : "")})",
    };
}

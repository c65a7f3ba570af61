using SmsPortal.Common;

namespace SmsPortal.Common;

/// <summary>Wakes the dispatchers when something is queued, so a reply leaves at once rather than at the next poll.</summary>
public sealed class OutboxSignals
{
    public WorkSignal Outbound { get; } = new();
    public WorkSignal Forward { get; } = new();
}

using SmsPortal.Common;

namespace SmsPortal.Common;

/// <summary>Rung by the webhook's store after each commit that added messages.</summary>
public sealed class InboundWorkSignal : WorkSignal;

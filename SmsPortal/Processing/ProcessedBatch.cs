using SmsPortal.Live;

namespace SmsPortal.Processing;

/// <summary>What a processed batch asks for once it is committed.</summary>
public sealed class ProcessedBatch
{
    public List<LiveUpdate> Updates { get; } = [];
    public bool OutboundQueued { get; set; }
    public bool ForwardQueued { get; set; }
}

/// <summary>Thrown when one message of a batch cannot be processed; the rest of the batch is retried without it.</summary>
public sealed class MessageProcessingException(string messageId, Exception inner)
    : Exception($"Processing message {messageId} failed: {inner.Message}", inner)
{
    public string MessageId { get; } = messageId;
}

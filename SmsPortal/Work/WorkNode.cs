namespace SmsPortal.Work;

/// <summary>This process, as the owner its leases are written under: unique across nodes and restarts.</summary>
public sealed class WorkNode
{
    public string Id { get; } = $"{Truncate(Environment.MachineName, 32)}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmsPortal.Data;

namespace SmsPortal.Outbound;

/// <summary><c>Outbound:SharedGatewayFor</c>: which workspaces may send through the installation's gateway.</summary>
public sealed class SharedGatewayOptions
{
    public const string Section = "Outbound";

    /// <summary>
    /// <c>First</c> (default: the installation's first workspace, the operator's own), <c>All</c>, <c>None</c>, or a
    /// comma-separated list of workspace ids, which may include <c>First</c>. Everyone else needs a gateway of their own:
    /// the installation's gateway spends the operator's money.
    /// </summary>
    public string SharedGatewayFor { get; set; } = First;

    public const string First = "First";
    public const string All = "All";

    internal IReadOnlyList<string> Entries() =>
        SharedGatewayFor.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    internal bool Valid() => Entries().All(e =>
        e.Equals(First, StringComparison.OrdinalIgnoreCase) || e.Equals(All, StringComparison.OrdinalIgnoreCase)
        || e.Equals("None", StringComparison.OrdinalIgnoreCase) || Guid.TryParse(e, out _));
}

public sealed class SharedGatewayPolicy(IOptionsMonitor<SharedGatewayOptions> options, IDbContextFactory<AppDbContext> dbFactory)
{
    private Guid? _first;

    /// <summary>The workspaces the installation's gateway sends for, or null for all of them.</summary>
    public async Task<IReadOnlyList<Guid>?> WorkspacesAsync(CancellationToken cancellationToken = default)
    {
        var entries = options.CurrentValue.Entries();
        if (entries.Any(e => e.Equals(SharedGatewayOptions.All, StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }
        var ids = entries.Select(e => Guid.TryParse(e, out var id) ? id : (Guid?)null).OfType<Guid>().ToList();
        if (entries.Any(e => e.Equals(SharedGatewayOptions.First, StringComparison.OrdinalIgnoreCase)) && await FirstWorkspaceAsync(cancellationToken) is { } first)
        {
            ids.Add(first);
        }
        return ids;
    }

    public async Task<bool> AllowsAsync(Guid workspaceId, CancellationToken cancellationToken = default) =>
        await WorkspacesAsync(cancellationToken) is not { } allowed || allowed.Contains(workspaceId);

    private async Task<Guid?> FirstWorkspaceAsync(CancellationToken cancellationToken)
    {
        if (_first is null)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            // The first workspace never changes once it exists, so it is looked up once.
            _first = await db.Workspaces.OrderBy(w => w.CreatedAt).ThenBy(w => w.Id).Select(w => (Guid?)w.Id).FirstOrDefaultAsync(cancellationToken);
        }
        return _first;
    }
}

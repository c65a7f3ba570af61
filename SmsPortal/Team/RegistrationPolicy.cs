using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmsPortal.Data;

namespace SmsPortal.Team;

/// <summary><c>Registration:Mode</c>: who may create an account (and with it a workspace) on the register page.</summary>
public sealed class RegistrationOptions
{
    public const string Section = "Registration";

    public RegistrationMode Mode { get; set; } = RegistrationMode.FirstUserOnly;
}

public enum RegistrationMode
{
    /// <summary>The first account creates the installation's first workspace; everyone after joins by invitation.</summary>
    FirstUserOnly,
    /// <summary>Anyone may register and gets a workspace of their own.</summary>
    Open,
    /// <summary>Nobody registers on the page: accounts come from invitations and the admin CLI.</summary>
    Closed,
}

/// <summary>Whether the register page takes new accounts now. Invitations and the admin CLI are never limited by it.</summary>
public sealed class RegistrationPolicy(IOptionsMonitor<RegistrationOptions> options, IDbContextFactory<AppDbContext> dbFactory)
{
    public const string ClosedMessage =
        "Registration is by invitation on this installation: ask a team's Owner or Admin for an invite link.";

    public async Task<bool> IsOpenAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await IsOpenAsync(db, cancellationToken);
    }

    /// <summary>Within <paramref name="db"/>'s transaction, so two first registrations cannot both pass.</summary>
    internal async Task<bool> IsOpenAsync(AppDbContext db, CancellationToken cancellationToken) => options.CurrentValue.Mode switch
    {
        RegistrationMode.Open => true,
        RegistrationMode.FirstUserOnly => !await db.Users.AnyAsync(cancellationToken),
        _ => false,
    };
}

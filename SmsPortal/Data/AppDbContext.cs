using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using SmsPortal.Data.Configurations;
using SmsPortal.Messages;
using SmsPortal.Audit;
using SmsPortal.Cluster;
using SmsPortal.Contacts;
using SmsPortal.Notifications;
using SmsPortal.Outbound;
using SmsPortal.Processing;
using SmsPortal.RuleSets;
using SmsPortal.Settings;
using SmsPortal.Tickets;
using SmsPortal.Endpoints;
using SmsPortal.Team;
using SmsPortal.Webhooks;

namespace SmsPortal.Data;

/// <summary>
/// The model, shared by every provider. Each provider has its own subclass so each keeps its own
/// migration set (<see cref="SqliteDbContext"/>, <see cref="SqlServerDbContext"/>, <see cref="PostgreSqlDbContext"/>).
/// </summary>
public abstract class AppDbContext(DbContextOptions options)
    : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    public DbSet<Workspace> Workspaces => Set<Workspace>();
    public DbSet<WorkspaceMember> WorkspaceMembers => Set<WorkspaceMember>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<WebhookEndpoint> Endpoints => Set<WebhookEndpoint>();
    public DbSet<EndpointSecret> EndpointSecrets => Set<EndpointSecret>();
    public DbSet<InboundMessage> InboundMessages => Set<InboundMessage>();
    public DbSet<DeliveryLogEntry> DeliveryLog => Set<DeliveryLogEntry>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Contact> Contacts => Set<Contact>();
    public DbSet<ContactTag> ContactTags => Set<ContactTag>();
    public DbSet<ContactRuleState> ContactRuleStates => Set<ContactRuleState>();
    public DbSet<OutboundMessage> OutboundMessages => Set<OutboundMessage>();
    public DbSet<WorkspaceGateway> WorkspaceGateways => Set<WorkspaceGateway>();
    public DbSet<ForwardDelivery> ForwardDeliveries => Set<ForwardDelivery>();
    public DbSet<Ticket> Tickets => Set<Ticket>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<RuleRecord> Rules => Set<RuleRecord>();
    public DbSet<RuleSets.Versions.RuleSetVersion> RuleSetVersions => Set<RuleSets.Versions.RuleSetVersion>();
    public DbSet<ActionExecution> ActionExecutions => Set<ActionExecution>();
    public DbSet<WorkspaceSettings> WorkspaceSettings => Set<WorkspaceSettings>();
    public DbSet<ChangeNotice> ChangeNotices => Set<ChangeNotice>();
    public DbSet<Inbox.ConversationNote> ConversationNotes => Set<Inbox.ConversationNote>();
    public DbSet<SavedReplies.SavedReply> SavedReplies => Set<SavedReplies.SavedReply>();
    public DbSet<SmsPortal.GatewayConnect.GatewayConnection> GatewayConnections => Set<SmsPortal.GatewayConnect.GatewayConnection>();
    public DbSet<SmsPortal.GatewayConnect.CatchUpRun> CatchUpRuns => Set<SmsPortal.GatewayConnect.CatchUpRun>();
    public DbSet<SmsPortal.ApiKeys.ApiKey> ApiKeys => Set<SmsPortal.ApiKeys.ApiKey>();
    public DbSet<Api.IdempotentRequest> IdempotentRequests => Set<Api.IdempotentRequest>();
    public DbSet<EventWebhooks.EventSubscription> EventSubscriptions => Set<EventWebhooks.EventSubscription>();
    public DbSet<Common.WorkspaceEvent> WorkspaceEvents => Set<Common.WorkspaceEvent>();
    public DbSet<EventWebhooks.EventDelivery> EventDeliveries => Set<EventWebhooks.EventDelivery>();
    public DbSet<EventWebhooks.EventDeliveryAttempt> EventDeliveryAttempts => Set<EventWebhooks.EventDeliveryAttempt>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
        InboundMessageConfiguration.InFlightSenderIndex(builder.Entity<InboundMessage>(), Database.IsSqlServer());
        InboundMessageConfiguration.ParkedIndex(builder.Entity<InboundMessage>(), Database.IsSqlServer());
        OutboundMessageConfiguration.PendingByContactIndex(builder.Entity<OutboundMessage>(), Database.IsSqlServer());
        OutboundMessageConfiguration.DashboardIndexes(builder.Entity<OutboundMessage>(), Database.IsSqlServer());
        ConversationConfiguration.SnoozedIndex(builder.Entity<Contact>(), Database.IsSqlServer());
    }
}

public sealed class SqliteDbContext(DbContextOptions<SqliteDbContext> options) : AppDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no native DateTimeOffset: store UTC ticks so timestamps sort and compare in SQL.
        configurationBuilder.Properties<DateTimeOffset>()
            .HaveConversion<Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter>();
    }
}

public sealed class SqlServerDbContext(DbContextOptions<SqlServerDbContext> options) : AppDbContext(options);

public sealed class PostgreSqlDbContext(DbContextOptions<PostgreSqlDbContext> options) : AppDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // timestamptz holds an instant and Npgsql writes only UTC offsets: a gateway's "+02:00" time is stored as that instant.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcDateTimeOffsetConverter>();
    }

    private sealed class UtcDateTimeOffsetConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTimeOffset, DateTimeOffset>(
        v => v.ToUniversalTime(), v => v);
}

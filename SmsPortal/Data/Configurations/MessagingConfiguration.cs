using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmsPortal.Contacts;
using SmsPortal.Notifications;
using SmsPortal.Outbound;
using SmsPortal.Processing;
using SmsPortal.RuleSets;
using SmsPortal.Settings;
using SmsPortal.Team;
using SmsPortal.Tickets;

namespace SmsPortal.Data.Configurations;

internal sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> builder)
    {
        builder.Property(c => c.Number).HasMaxLength(64);
        builder.Property(c => c.Name).HasMaxLength(100);
        builder.Property(c => c.TimeZone).HasMaxLength(64);
        builder.Property(c => c.LastMessagePreview).HasMaxLength(200);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(c => c.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Tags).WithOne().HasForeignKey(t => t.ContactId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.WorkspaceId, c.Number }).IsUnique();
        builder.HasIndex(c => new { c.WorkspaceId, c.LastMessageAt });
    }
}

internal sealed class ContactTagConfiguration : IEntityTypeConfiguration<ContactTag>
{
    public void Configure(EntityTypeBuilder<ContactTag> builder)
    {
        builder.HasKey(t => new { t.ContactId, t.Tag });
        builder.Property(t => t.Tag).HasMaxLength(64);
        builder.HasIndex(t => new { t.WorkspaceId, t.Tag });
    }
}

internal sealed class ContactRuleStateConfiguration : IEntityTypeConfiguration<ContactRuleState>
{
    public void Configure(EntityTypeBuilder<ContactRuleState> builder)
    {
        builder.HasKey(s => new { s.ContactId, s.RuleId });
        builder.Property(s => s.RuleId).HasMaxLength(100);
        builder.HasOne<Contact>().WithMany().HasForeignKey(s => s.ContactId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class OutboundMessageConfiguration : IEntityTypeConfiguration<OutboundMessage>
{
    public void Configure(EntityTypeBuilder<OutboundMessage> builder)
    {
        builder.Property(m => m.Id).HasMaxLength(40).IsUnicode(false);
        builder.Property(m => m.To).HasMaxLength(64);
        builder.Property(m => m.Text).HasMaxLength(10_000);
        // Status never moves backwards: an update made from a stale read fails and is redone on what is there now.
        builder.Property(m => m.Status).HasConversion<string>().HasMaxLength(16).IsConcurrencyToken();
        builder.Property(m => m.Origin).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.SourceMessageId).HasMaxLength(40).IsUnicode(false);
        builder.Property(m => m.RuleId).HasMaxLength(100);
        builder.Property(m => m.SentBy).HasMaxLength(256);
        builder.Property(m => m.FailureReason).HasMaxLength(1000);
        builder.Property(m => m.GatewayMessageId).HasMaxLength(128);
        builder.Property(m => m.LeaseOwner).HasMaxLength(80).IsUnicode(false).IsConcurrencyToken();
        builder.HasOne<Contact>().WithMany().HasForeignKey(m => m.ContactId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => new { m.Status, m.NextAttemptAt });
        // The dispatcher's claim reads the queue in id order and stops at its limit; without it, it read and sorted
        // every queued row on each claim, so a backlog of 20,000 replies cost 13 ms a claim and grew with the backlog.
        builder.HasIndex(m => new { m.Status, m.Id });
        builder.HasIndex(m => new { m.ContactId, m.CreatedAt });
        builder.HasIndex(m => new { m.WorkspaceId, m.CreatedAt });
        builder.HasIndex(m => m.GatewayMessageId);
    }

    /// <summary>
    /// The claim takes only the head of each contact's queue: for each candidate it asks whether an older reply to
    /// the same contact is queued or being sent. Without this index that question walked every queued reply older
    /// than the candidate (the status-and-id index), so a claim of 256 candidates read some 30,000 rows and the
    /// drain spent a third of its CPU there; with it, each candidate reads its contact's few pending replies. Only
    /// pending replies are in it, so it stays small however many have been sent.
    /// </summary>
    public static void PendingByContactIndex(EntityTypeBuilder<OutboundMessage> builder, bool sqlServer) =>
        builder.HasIndex(m => new { m.ContactId, m.Status, m.Id }, "IX_OutboundMessages_PendingByContact")
            .HasFilter(sqlServer ? "[Status] IN ('Queued', 'Sending')" : "\"Status\" IN ('Queued', 'Sending')");

    /// <summary>
    /// The dashboard's "queued" and "failed this week" counts. Given the workspace and a status, SQLite took the
    /// (workspace, created) index and read each reply's row for its status: 420–480 ms for the queued count and about
    /// 100 ms for the week's failures at 333,000 replies, however few were queued. Each of these holds only replies in
    /// its status, so a count reads just those, and a reply is written to them only while it is queued or once it failed.
    /// </summary>
    public static void DashboardIndexes(EntityTypeBuilder<OutboundMessage> builder, bool sqlServer)
    {
        builder.HasIndex(m => m.WorkspaceId, "IX_OutboundMessages_Queued")
            .HasFilter(sqlServer ? "[Status] = 'Queued'" : "\"Status\" = 'Queued'");
        builder.HasIndex(m => new { m.WorkspaceId, m.CreatedAt }, "IX_OutboundMessages_Failed")
            .HasFilter(sqlServer ? "[Status] = 'Failed'" : "\"Status\" = 'Failed'");
    }
}

internal sealed class ForwardDeliveryConfiguration : IEntityTypeConfiguration<ForwardDelivery>
{
    public void Configure(EntityTypeBuilder<ForwardDelivery> builder)
    {
        builder.Property(f => f.Id).HasMaxLength(40).IsUnicode(false);
        builder.Property(f => f.MessageId).HasMaxLength(40).IsUnicode(false);
        builder.Property(f => f.RuleId).HasMaxLength(100);
        builder.Property(f => f.Url).HasMaxLength(2048);
        builder.Property(f => f.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(f => f.FailureReason).HasMaxLength(1000);
        builder.Property(f => f.LeaseOwner).HasMaxLength(80).IsUnicode(false).IsConcurrencyToken();
        builder.HasIndex(f => new { f.Status, f.NextAttemptAt });
        builder.HasIndex(f => new { f.WorkspaceId, f.CreatedAt });
    }
}

internal sealed class TicketConfiguration : IEntityTypeConfiguration<Ticket>
{
    public void Configure(EntityTypeBuilder<Ticket> builder)
    {
        builder.Property(t => t.Subject).HasMaxLength(200);
        builder.Property(t => t.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.LastMessageId).HasMaxLength(40).IsUnicode(false);
        builder.HasOne<Contact>().WithMany().HasForeignKey(t => t.ContactId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(t => new { t.WorkspaceId, t.Status, t.UpdatedAt });
        builder.HasIndex(t => new { t.ContactId, t.Status });
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.Property(n => n.Text).HasMaxLength(1000);
        builder.Property(n => n.Team).HasMaxLength(100);
        builder.Property(n => n.MessageId).HasMaxLength(40).IsUnicode(false);
        builder.Property(n => n.RuleId).HasMaxLength(100);
        builder.HasIndex(n => new { n.WorkspaceId, n.At });
    }
}

internal sealed class RuleRecordConfiguration : IEntityTypeConfiguration<RuleRecord>
{
    public void Configure(EntityTypeBuilder<RuleRecord> builder)
    {
        builder.HasKey(r => new { r.WorkspaceId, r.Id });
        builder.Property(r => r.Id).HasMaxLength(100);
        builder.Property(r => r.Name).HasMaxLength(200);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(r => r.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ActionExecutionConfiguration : IEntityTypeConfiguration<ActionExecution>
{
    public void Configure(EntityTypeBuilder<ActionExecution> builder)
    {
        builder.Property(e => e.MessageId).HasMaxLength(40).IsUnicode(false);
        builder.Property(e => e.RuleId).HasMaxLength(100);
        builder.Property(e => e.RuleName).HasMaxLength(200);
        builder.Property(e => e.Action).HasMaxLength(32).IsUnicode(false);
        builder.Property(e => e.Outcome).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Detail).HasMaxLength(1000);
        // The idempotency key of every effect.
        builder.HasIndex(e => new { e.MessageId, e.RuleId, e.ActionIndex }).IsUnique();
        builder.HasIndex(e => new { e.WorkspaceId, e.At });
    }
}

internal sealed class WorkspaceSettingsConfiguration : IEntityTypeConfiguration<WorkspaceSettings>
{
    public void Configure(EntityTypeBuilder<WorkspaceSettings> builder)
    {
        builder.HasKey(s => s.WorkspaceId);
        builder.Property(s => s.DefaultRegion).HasMaxLength(2).IsUnicode(false);
        builder.Property(s => s.ForwardingSecretProtected).HasMaxLength(1024).IsUnicode(false);
        builder.Property(s => s.TimeZone).HasMaxLength(64).IsUnicode(false);
        builder.HasOne<Workspace>().WithOne().HasForeignKey<WorkspaceSettings>(s => s.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WorkspaceGatewayConfiguration : IEntityTypeConfiguration<WorkspaceGateway>
{
    public void Configure(EntityTypeBuilder<WorkspaceGateway> builder)
    {
        builder.HasKey(g => g.WorkspaceId);
        builder.Property(g => g.Type).HasConversion<string>().HasMaxLength(16);
        builder.Property(g => g.BaseUrl).HasMaxLength(500);
        builder.Property(g => g.Username).HasMaxLength(200);
        builder.Property(g => g.DeviceId).HasMaxLength(200);
        builder.Property(g => g.From).HasMaxLength(64);
        builder.Property(g => g.AccountSid).HasMaxLength(64);
        builder.Property(g => g.MessagingServiceSid).HasMaxLength(64);
        builder.Property(g => g.StatusCallbackUrl).HasMaxLength(500);
        builder.Property(g => g.ProtectedSecrets).HasMaxLength(4000).IsUnicode(false);
        builder.HasOne<Workspace>().WithOne().HasForeignKey<WorkspaceGateway>(g => g.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmsPortal.Api;
using SmsPortal.ApiKeys;
using SmsPortal.Common;
using SmsPortal.EventWebhooks;
using SmsPortal.Team;

namespace SmsPortal.Data.Configurations;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.Property(k => k.Name).HasMaxLength(ApiKeyService.MaxNameLength);
        builder.Property(k => k.Prefix).HasMaxLength(32).IsUnicode(false);
        builder.Property(k => k.Hash).HasMaxLength(32);
        builder.Property(k => k.Scopes).HasMaxLength(200).IsUnicode(false);
        builder.Property(k => k.CreatedBy).HasMaxLength(300);
        builder.Property(k => k.ActsAsUserId).HasMaxLength(450);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(k => k.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(k => k.Prefix).IsUnique();
        builder.HasIndex(k => k.WorkspaceId);
    }
}

internal sealed class IdempotentRequestConfiguration : IEntityTypeConfiguration<IdempotentRequest>
{
    public void Configure(EntityTypeBuilder<IdempotentRequest> builder)
    {
        builder.HasKey(r => new { r.WorkspaceId, r.Key });
        builder.Property(r => r.Key).HasMaxLength(255);
        builder.Property(r => r.RequestHash).HasMaxLength(32);
        builder.Property(r => r.MessageId).HasMaxLength(40).IsUnicode(false);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(r => r.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => r.CreatedAt);
    }
}

internal sealed class EventSubscriptionConfiguration : IEntityTypeConfiguration<EventSubscription>
{
    public void Configure(EntityTypeBuilder<EventSubscription> builder)
    {
        builder.Property(s => s.Id).HasMaxLength(40).IsUnicode(false);
        builder.Property(s => s.Url).HasMaxLength(2000);
        builder.Property(s => s.Description).HasMaxLength(200);
        builder.Property(s => s.Events).HasMaxLength(500).IsUnicode(false);
        builder.Property(s => s.DisabledReason).HasMaxLength(500);
        builder.Property(s => s.ProtectedSecret).HasMaxLength(1024).IsUnicode(false);
        builder.Property(s => s.PreviousProtectedSecret).HasMaxLength(1024).IsUnicode(false);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(s => s.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => s.WorkspaceId);
    }
}

internal sealed class WorkspaceEventConfiguration : IEntityTypeConfiguration<WorkspaceEvent>
{
    public void Configure(EntityTypeBuilder<WorkspaceEvent> builder)
    {
        builder.Property(e => e.Id).HasMaxLength(40).IsUnicode(false);
        builder.Property(e => e.Type).HasMaxLength(40).IsUnicode(false);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(e => e.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => new { e.FannedOut, e.Id });
        builder.HasIndex(e => new { e.WorkspaceId, e.CreatedAt });
    }
}

internal sealed class EventDeliveryConfiguration : IEntityTypeConfiguration<EventDelivery>
{
    public void Configure(EntityTypeBuilder<EventDelivery> builder)
    {
        builder.Property(d => d.Id).HasMaxLength(40).IsUnicode(false);
        builder.Property(d => d.EventId).HasMaxLength(40).IsUnicode(false);
        builder.Property(d => d.SubscriptionId).HasMaxLength(40).IsUnicode(false);
        builder.Property(d => d.EventType).HasMaxLength(40).IsUnicode(false);
        builder.Property(d => d.LastError).HasMaxLength(1000);
        builder.Property(d => d.LeaseOwner).HasMaxLength(80).IsUnicode(false).IsConcurrencyToken();
        builder.HasOne<EventSubscription>().WithMany().HasForeignKey(d => d.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
        // WorkspaceId and EventId are scoping columns, not second cascade paths (SQL Server rejects those).
        builder.HasIndex(d => new { d.EventId, d.SubscriptionId }).IsUnique();
        builder.HasIndex(d => new { d.Status, d.NextAttemptAt });
        builder.HasIndex(d => new { d.SubscriptionId, d.Id });
    }
}

internal sealed class EventDeliveryAttemptConfiguration : IEntityTypeConfiguration<EventDeliveryAttempt>
{
    public void Configure(EntityTypeBuilder<EventDeliveryAttempt> builder)
    {
        builder.Property(a => a.DeliveryId).HasMaxLength(40).IsUnicode(false);
        builder.Property(a => a.Response).HasMaxLength(1000);
        builder.HasIndex(a => new { a.DeliveryId, a.Id });
        builder.HasIndex(a => new { a.WorkspaceId, a.At });
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmsPortal.Endpoints;
using SmsPortal.GatewayConnect;

namespace SmsPortal.Data.Configurations;

internal sealed class GatewayConnectionConfiguration : IEntityTypeConfiguration<GatewayConnection>
{
    public void Configure(EntityTypeBuilder<GatewayConnection> builder)
    {
        builder.Property(c => c.EndpointId).HasMaxLength(40).IsUnicode(false);
        builder.Property(c => c.Type).HasConversion<string>().HasMaxLength(32);
        builder.Property(c => c.RemoteWebhookIds).HasMaxLength(1000);
        builder.Property(c => c.HookUrl).HasMaxLength(2048);
        builder.HasOne<WebhookEndpoint>().WithMany().HasForeignKey(c => c.EndpointId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.WorkspaceId, c.Type }).IsUnique();
        builder.HasIndex(c => c.EndpointId);
    }
}

internal sealed class CatchUpRunConfiguration : IEntityTypeConfiguration<CatchUpRun>
{
    public void Configure(EntityTypeBuilder<CatchUpRun> builder)
    {
        builder.Property(r => r.EndpointId).HasMaxLength(40).IsUnicode(false);
        builder.HasOne<WebhookEndpoint>().WithMany().HasForeignKey(r => r.EndpointId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.EndpointId, r.RequestedAt });
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmsPortal.Endpoints;
using SmsPortal.Team;

namespace SmsPortal.Data.Configurations;

internal sealed class WebhookEndpointConfiguration : IEntityTypeConfiguration<WebhookEndpoint>
{
    public void Configure(EntityTypeBuilder<WebhookEndpoint> builder)
    {
        builder.Property(e => e.Id).HasMaxLength(40).IsUnicode(false);
        builder.Property(e => e.Name).HasMaxLength(100);
        builder.Property(e => e.Description).HasMaxLength(500);
        builder.Property(e => e.Format).HasConversion<string>().HasMaxLength(32);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(e => e.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(e => e.Secrets).WithOne().HasForeignKey(s => s.EndpointId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => e.WorkspaceId);
        builder.Ignore(e => e.Path);
    }
}

internal sealed class EndpointSecretConfiguration : IEntityTypeConfiguration<EndpointSecret>
{
    public void Configure(EntityTypeBuilder<EndpointSecret> builder)
    {
        builder.Property(s => s.EndpointId).HasMaxLength(40).IsUnicode(false);
        builder.Property(s => s.ProtectedValue).HasMaxLength(1024).IsUnicode(false);
        // WorkspaceId is a scoping column, not a second cascade path (SQL Server rejects those).
        builder.HasIndex(s => new { s.EndpointId, s.ExpiresAt });
    }
}

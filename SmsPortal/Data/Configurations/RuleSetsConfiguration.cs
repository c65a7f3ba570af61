using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmsPortal.RuleSets.Versions;
using SmsPortal.Team;

namespace SmsPortal.Data.Configurations;

internal sealed class RuleSetVersionConfiguration : IEntityTypeConfiguration<RuleSetVersion>
{
    public void Configure(EntityTypeBuilder<RuleSetVersion> builder)
    {
        // The key is what makes concurrent publishes safe: two cannot take the same number.
        builder.HasKey(v => new { v.WorkspaceId, v.Number });
        builder.Property(v => v.PublishedBy).HasMaxLength(256);
        builder.Property(v => v.PublishedByUserId).HasMaxLength(450);
        builder.Property(v => v.Comment).HasMaxLength(500);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(v => v.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmsPortal.Team;

namespace SmsPortal.Data.Configurations;

internal sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> builder)
    {
        builder.Property(i => i.Role).HasConversion<string>().HasMaxLength(16);
        builder.Property(i => i.TokenHash).HasMaxLength(64).IsUnicode(false);
        // Who created or accepted an invitation is history, like the audit log: plain values, no foreign keys to
        // users (two cascading keys to AspNetUsers would also be two cascade paths on SQL Server).
        builder.Property(i => i.CreatedByUserId).HasMaxLength(450);
        builder.Property(i => i.CreatedByName).HasMaxLength(256);
        builder.Property(i => i.AcceptedByUserId).HasMaxLength(450);
        builder.Property(i => i.AcceptedByEmail).HasMaxLength(256);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(i => i.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(i => i.TokenHash).IsUnique();
        builder.HasIndex(i => new { i.WorkspaceId, i.CreatedAt });
    }
}

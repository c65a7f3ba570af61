using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmsPortal.Team;

namespace SmsPortal.Drafts;

internal sealed class DraftConfiguration : IEntityTypeConfiguration<Draft>
{
    public void Configure(EntityTypeBuilder<Draft> builder)
    {
        builder.ToTable("Drafts");
        builder.Property(d => d.UserId).HasMaxLength(450);
        builder.Property(d => d.Key).HasMaxLength(DraftKeys.MaxLength).IsUnicode(false);
        builder.Property(d => d.Content).HasMaxLength(DraftService.MaxContentLength);
        // A draft belongs to its writer in one workspace: it goes when either does.
        builder.HasOne<Workspace>().WithMany().HasForeignKey(d => d.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(d => d.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(d => new { d.WorkspaceId, d.UserId, d.Key }).IsUnique();
        builder.HasIndex(d => d.UserId);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmsPortal.Cluster;

namespace SmsPortal.Data.Configurations;

internal sealed class ChangeNoticeConfiguration : IEntityTypeConfiguration<ChangeNotice>
{
    public void Configure(EntityTypeBuilder<ChangeNotice> builder)
    {
        builder.Property(n => n.Kind).HasMaxLength(32).IsUnicode(false);
        builder.Property(n => n.Key).HasMaxLength(100);
        builder.Property(n => n.Origin).HasMaxLength(80).IsUnicode(false);
        builder.HasIndex(n => n.At);
    }
}

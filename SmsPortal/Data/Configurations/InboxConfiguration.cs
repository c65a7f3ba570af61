using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmsPortal.Contacts;
using SmsPortal.Inbox;
using SmsPortal.SavedReplies;
using SmsPortal.Team;

namespace SmsPortal.Data.Configurations;

/// <summary>The inbox's columns on contacts (status, assignee, queue), its notes and saved replies, and the user's time zone.</summary>
internal sealed class ConversationConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> builder)
    {
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(16).HasDefaultValue(ConversationStatus.Open).HasSentinel((ConversationStatus)(-1));
        builder.Property(c => c.AssigneeId).HasMaxLength(450);
        builder.HasIndex(c => new { c.WorkspaceId, c.Status, c.AssigneeId });
        builder.HasIndex(c => new { c.WorkspaceId, c.Status, c.WaitingSince });
    }

    /// <summary>
    /// The sweep that wakes snoozed conversations asks, every 15 s and across workspaces, which snoozes have run out:
    /// without this index that read every contact of the installation. Only snoozed conversations are in it.
    /// </summary>
    public static void SnoozedIndex(EntityTypeBuilder<Contact> builder, bool sqlServer) =>
        builder.HasIndex(c => c.SnoozedUntil, "IX_Contacts_Snoozed")
            .HasFilter(sqlServer ? "[Status] = 'Snoozed'" : "\"Status\" = 'Snoozed'");
}

internal sealed class ConversationNoteConfiguration : IEntityTypeConfiguration<ConversationNote>
{
    public void Configure(EntityTypeBuilder<ConversationNote> builder)
    {
        builder.Property(n => n.Id).HasMaxLength(40).IsUnicode(false);
        builder.Property(n => n.AuthorId).HasMaxLength(450);
        builder.Property(n => n.AuthorName).HasMaxLength(256);
        builder.Property(n => n.Text).HasMaxLength(ConversationNotes.MaxLength);
        builder.HasOne<Contact>().WithMany().HasForeignKey(n => n.ContactId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(n => new { n.ContactId, n.CreatedAt });
    }
}

internal sealed class SavedReplyConfiguration : IEntityTypeConfiguration<SavedReply>
{
    public void Configure(EntityTypeBuilder<SavedReply> builder)
    {
        builder.Property(r => r.Shortcut).HasMaxLength(SavedReplyService.MaxShortcutLength);
        builder.Property(r => r.Text).HasMaxLength(SavedReplyService.MaxTextLength);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(r => r.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.WorkspaceId, r.Shortcut }).IsUnique();
    }
}

internal sealed class UserTimeZoneConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> builder) =>
        builder.Property(u => u.TimeZone).HasMaxLength(64).IsUnicode(false);
}

using Homelette.Domain.Chat;
using Homelette.Domain.Listings;
using Homelette.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Homelette.Infrastructure.Data.Configurations;

internal sealed class ConversationConfiguration : IEntityTypeConfiguration<Conversation>
{
    public void Configure(EntityTypeBuilder<Conversation> builder)
    {
        builder.ToTable("conversations");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Kind).HasConversion<int>();
        builder.Property(c => c.Title).HasMaxLength(ChatConstraints.TitleMaxLength);
        builder.Property(c => c.DirectKey).HasMaxLength(120).IsUnicode(false);
        builder.HasIndex(c => c.DirectKey).IsUnique();
        builder.HasOne<Listing>().WithMany().HasForeignKey(c => c.ListingId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<User>().WithMany().HasForeignKey(c => c.CreatedBy).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(c => c.DomainEvents);
        builder.HasMany(c => c.Participants).WithOne().HasForeignKey(p => p.ConversationId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.Participants).UsePropertyAccessMode(PropertyAccessMode.Field).HasField("_participants");
        builder.HasIndex(c => new { c.ListingId, c.Id });
        builder.HasIndex(c => c.LastActivityAt);
    }
}

internal sealed class ConversationParticipantConfiguration : IEntityTypeConfiguration<ConversationParticipant>
{
    public void Configure(EntityTypeBuilder<ConversationParticipant> builder)
    {
        builder.ToTable("conversation_participants");
        builder.HasKey(p => new { p.ConversationId, p.UserId });
        builder.HasOne<User>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);

        // A user's conversations (and the contacts behind presence) are found from the user's side.
        builder.HasIndex(p => new { p.UserId, p.ConversationId });
    }
}

internal sealed class MessageConfiguration : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> builder)
    {
        builder.ToTable("messages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Kind).HasConversion<int>();
        builder.Property(m => m.Content).HasMaxLength(ChatConstraints.TextMaxLength);
        builder.Property(m => m.ImageUrl).HasMaxLength(ChatConstraints.ImageUrlMaxLength);
        builder.Property(m => m.LocationLabel).HasMaxLength(ChatConstraints.LocationLabelMaxLength);
        builder.Property(m => m.ClientMessageId).HasMaxLength(ChatConstraints.ClientMessageIdMaxLength);
        builder.Ignore(m => m.DomainEvents);
        builder.Ignore(m => m.IsDeleted);
        builder.HasOne<Conversation>().WithMany().HasForeignKey(m => m.ConversationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(m => m.SenderId).OnDelete(DeleteBehavior.Cascade);

        // History pages and unread counts walk a conversation in (time, id) order.
        builder.HasIndex(m => new { m.ConversationId, m.CreatedAt, m.Id }).HasDatabaseName("ix_messages_conversation_time");

        // A retried send with the same client id finds the stored message; NULLs do not collide.
        builder.HasIndex(m => new { m.SenderId, m.ClientMessageId }).IsUnique().HasDatabaseName("ux_messages_sender_client_id");

        // The clean-up of unattached uploads keeps those sent in a chat.
        builder.HasIndex(m => m.ImageUrl);
    }
}

internal sealed class ChatChangeConfiguration : IEntityTypeConfiguration<ChatChange>
{
    public void Configure(EntityTypeBuilder<ChatChange> builder)
    {
        builder.ToTable("chat_changes");
        builder.HasKey(c => c.Sequence);
        builder.Property(c => c.Sequence).ValueGeneratedOnAdd();
        builder.Property(c => c.Kind).HasConversion<int>();
        builder.HasOne<Conversation>().WithMany().HasForeignKey(c => c.ConversationId).OnDelete(DeleteBehavior.Cascade);

        // Sync reads one conversation's changes after a sequence number.
        builder.HasIndex(c => new { c.ConversationId, c.Sequence });
    }
}

internal sealed class UserBlockConfiguration : IEntityTypeConfiguration<UserBlock>
{
    public void Configure(EntityTypeBuilder<UserBlock> builder)
    {
        builder.ToTable("user_blocks");
        builder.HasKey(b => new { b.BlockerId, b.BlockedId });
        builder.HasOne<User>().WithMany().HasForeignKey(b => b.BlockerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(b => b.BlockedId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(b => new { b.BlockedId, b.BlockerId });

        // A user's block list is read newest first, keyset on (time, blocked user).
        builder.HasIndex(b => new { b.BlockerId, b.CreatedAt, b.BlockedId });
    }
}

internal sealed class ReportConfiguration : IEntityTypeConfiguration<Report>
{
    public void Configure(EntityTypeBuilder<Report> builder)
    {
        builder.ToTable("reports");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.TargetType).HasConversion<int>();
        builder.Property(r => r.Reason).HasMaxLength(ChatConstraints.ReportReasonMaxLength).IsRequired();
        builder.Ignore(r => r.DomainEvents);
        builder.HasOne<User>().WithMany().HasForeignKey(r => r.ReporterId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.ReporterId, r.TargetType, r.TargetId }).IsUnique();
        builder.HasIndex(r => new { r.TargetType, r.TargetId });
    }
}

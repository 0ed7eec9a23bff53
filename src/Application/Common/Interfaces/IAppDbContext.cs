using Homelette.Domain.Chat;
using Homelette.Domain.Listings;
using Homelette.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace Homelette.Application.Common.Interfaces;

/// <summary>The unit of work the use cases read and write through.</summary>
public interface IAppDbContext
{
    DbSet<User> Users { get; }

    DbSet<Listing> Listings { get; }

    DbSet<ListingImage> ListingImages { get; }

    DbSet<Favorite> Favorites { get; }

    DbSet<ListingView> ListingViews { get; }

    DbSet<Conversation> Conversations { get; }

    DbSet<ConversationParticipant> ConversationParticipants { get; }

    DbSet<Message> Messages { get; }

    DbSet<ChatChange> ChatChanges { get; }

    DbSet<UserBlock> UserBlocks { get; }

    DbSet<Report> Reports { get; }

    Task<int> SaveChangesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Keeps one database connection open until the result is disposed, so that the statements of one use case share
    /// it. Without it each statement takes a connection from the pool and gives it back, and every take of a pooled
    /// connection costs a reset round trip (ADR 0015).
    /// </summary>
    Task<IAsyncDisposable> HoldConnectionAsync(CancellationToken cancellationToken);
}

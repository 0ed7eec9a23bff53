using Homelette.Application.Common.Exceptions;
using Homelette.Application.Common.Interfaces;
using Homelette.Domain.Chat;
using Homelette.Domain.Listings;
using Homelette.Domain.Users;
using Microsoft.EntityFrameworkCore;
using MySqlConnector;

namespace Homelette.Infrastructure.Data;

public sealed class HomeletteDbContext(DbContextOptions<HomeletteDbContext> options) : DbContext(options), IAppDbContext
{
    public DbSet<User> Users => Set<User>();

    public DbSet<Listing> Listings => Set<Listing>();

    public DbSet<ListingImage> ListingImages => Set<ListingImage>();

    public DbSet<Favorite> Favorites => Set<Favorite>();

    public DbSet<ListingView> ListingViews => Set<ListingView>();

    public DbSet<Conversation> Conversations => Set<Conversation>();

    public DbSet<ConversationParticipant> ConversationParticipants => Set<ConversationParticipant>();

    public DbSet<Message> Messages => Set<Message>();

    public DbSet<ChatChange> ChatChanges => Set<ChatChange>();

    public DbSet<UserBlock> UserBlocks => Set<UserBlock>();

    public DbSet<Report> Reports => Set<Report>();

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException("The resource was changed by someone else; reload it and try again.");
        }
        catch (DbUpdateException ex) when (ex.InnerException is MySqlException { ErrorCode: MySqlErrorCode.DuplicateKeyEntry })
        {
            throw new ConflictException("The resource already exists.");
        }
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(HomeletteDbContext).Assembly);
    }
}

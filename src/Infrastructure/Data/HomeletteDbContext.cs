using Homelette.Application.Common.Exceptions;
using Homelette.Application.Common.Interfaces;
using Homelette.Domain.Chat;
using Homelette.Domain.Common;
using Homelette.Domain.Listings;
using Homelette.Domain.Users;
using Mediator;
using Microsoft.EntityFrameworkCore;
using MySqlConnector;

namespace Homelette.Infrastructure.Data;

/// <summary>
/// The unit of work. Contexts are pooled (see <c>AddHomeletteDatabase</c>): a context keeps no state of its own between
/// uses except <see cref="Publisher"/>, which is set when a scope asks for <see cref="IAppDbContext"/> and forgotten
/// when the scope ends.
/// </summary>
public sealed class HomeletteDbContext(DbContextOptions<HomeletteDbContext> options) : DbContext(options), IAppDbContext
{
    /// <summary>Publishes the domain events of saved entities once the save has committed (none when not set).</summary>
    internal IPublisher? Publisher { get; set; }

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
        var events = TakeDomainEvents();
        int saved;
        try
        {
            saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException("The resource was changed by someone else; reload it and try again.");
        }
        catch (DbUpdateException ex) when (ex.InnerException is MySqlException { ErrorCode: MySqlErrorCode.DuplicateKeyEntry })
        {
            throw new ConflictException("The resource already exists.");
        }
        catch (DbUpdateException ex) when (ex.InnerException is MySqlException { ErrorCode: MySqlErrorCode.NoReferencedRow2 or MySqlErrorCode.NoReferencedRow })
        {
            // A row pointing at one that is gone: the caller's own account (a validly signed token outlives its user;
            // found by the OpenAPI fuzzer, it was a 500), or an object deleted after the handler looked it up.
            throw new NotFoundException("Something this request refers to does not exist: your account or an object it names was deleted.");
        }

        if (Publisher is { } publisher)
        {
            foreach (var domainEvent in events)
            {
                await publisher.Publish(domainEvent, cancellationToken);
            }
        }

        return saved;
    }

    public async Task<IAsyncDisposable> HoldConnectionAsync(CancellationToken cancellationToken)
    {
        // EF Core opens it under the execution strategy: a transient failure to connect is retried like a statement's.
        await Database.OpenConnectionAsync(cancellationToken);
        return new ConnectionHold(this);
    }

    public override void Dispose()
    {
        Publisher = null;
        base.Dispose();
    }

    public override ValueTask DisposeAsync()
    {
        Publisher = null;
        return base.DisposeAsync();
    }

    /// <summary>Gives the held connection back (EF counts opens, so an inner open and close leave it open).</summary>
    private sealed class ConnectionHold(HomeletteDbContext context) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await context.Database.CloseConnectionAsync();
    }

    private List<IDomainEvent> TakeDomainEvents()
    {
        var entities = ChangeTracker.Entries<Entity>()
            .Select(e => e.Entity)
            .Where(e => e.DomainEvents.Count > 0)
            .ToList();
        var events = entities.SelectMany(e => e.DomainEvents).ToList();
        entities.ForEach(e => e.ClearDomainEvents());
        return events;
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(HomeletteDbContext).Assembly);
    }
}

using Homelette.Application.Common.Exceptions;
using Homelette.Application.Common.Interfaces;
using Homelette.Domain.Chat;
using Homelette.Domain.Common;
using Homelette.Domain.Listings;
using Homelette.Domain.Users;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using MySqlConnector;

namespace Homelette.Infrastructure.Data;

/// <summary>
/// The unit of work. Contexts are pooled (see <c>AddHomeletteDatabase</c>): a context keeps no state of its own between
/// uses except <see cref="Publisher"/>, which is set when a scope asks for <see cref="IAppDbContext"/> and forgotten
/// when the scope ends.
/// </summary>
public sealed partial class HomeletteDbContext(DbContextOptions<HomeletteDbContext> options) : DbContext(options), IAppDbContext
{
    /// <summary>Publishes the domain events of saved entities once the save has committed (none when not set).</summary>
    internal IPublisher? Publisher { get; set; }

    /// <summary>Where a failed handler of a committed change's event is reported (set with <see cref="Publisher"/>).</summary>
    internal ILogger? EventLogger { get; set; }

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
                // The change is committed: the caller is told it succeeded even if a handler fails (they only notify
                // in real time, and the client finds the change in its next sync). A failure there (MariaDB or Redis
                // gone right after the commit) would otherwise make the client retry a write that is already stored.
                // Nor does a caller who hung up skip them: the change is stored, and the others involved hear of it.
                try
                {
                    await publisher.Publish(domainEvent, CancellationToken.None);
                }
                catch (Exception ex) when (ex is not OperationCanceledException && Outage.Is(ex))
                {
                    if (EventLogger is { } logger)
                    {
                        LogEventHandlerFailed(logger, domainEvent.GetType().Name, ex.GetBaseException().Message);
                    }
                }
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
        EventLogger = null;
        base.Dispose();
    }

    public override ValueTask DisposeAsync()
    {
        Publisher = null;
        EventLogger = null;
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "A change was saved, but notifying about its {EventType} failed: {Reason}")]
    private static partial void LogEventHandlerFailed(ILogger logger, string eventType, string reason);
}

using System.Diagnostics;
using System.Globalization;
using Homelette.Application.Common.Interfaces;
using Homelette.Application.Common.Storage;
using Homelette.Domain.Listings;
using Homelette.Domain.Users;
using Homelette.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Homelette.Seeder;

/// <summary>A stored generated photo, ready to become a <see cref="ListingImage"/>.</summary>
internal sealed record StoredPhoto(string Key, string Url, string ContentType);

internal sealed record SeedSummary(
    int Users,
    int Listings,
    int Active,
    int Rented,
    int Archived,
    IReadOnlyDictionary<string, int> Cities,
    int Photos,
    int PhotoListings,
    int Favorites,
    int Views,
    int ResetUsers,
    string FirstEmail,
    IReadOnlyList<(string Step, TimeSpan Time)> Steps);

/// <summary>The seeder refused to run (the message says why and what to do); nothing was written.</summary>
internal sealed class SeedRefusedException(string message) : Exception(message);

/// <summary>
/// Writes the demo data: migrations first, then users, photos and listings (with their favorites and views) in
/// batches of plain inserts through EF Core with change detection off, one short-lived context per batch.
/// </summary>
internal sealed class DemoSeeder(
    string connectionString,
    SeedOptions options,
    IPasswordHasher hasher,
    IImageProcessor images,
    IFileStore files,
    TextWriter log)
{
    private const int ProgressEvery = 20_000;

    /// <summary>The server version the app pins (Infrastructure's DatabaseSetup), so that no live detection is needed.</summary>
    private static readonly MariaDbServerVersion ServerVersion = new(new Version(10, 11, 0));

    private readonly DbContextOptions<HomeletteDbContext> _dbOptions = new DbContextOptionsBuilder<HomeletteDbContext>()
        .UseMySql(connectionString, ServerVersion, mysql => mysql.CommandTimeout(600))
        .Options;

    private readonly List<(string Step, TimeSpan Time)> _steps = [];

    public async Task<SeedSummary> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (options.Recreate)
        {
            await TimedAsync("drop database", async () =>
            {
                await using var db = NewContext();
                await db.Database.EnsureDeletedAsync(cancellationToken);
            });
        }

        await TimedAsync("migrations", async () =>
        {
            await using var db = NewContext();
            await db.Database.MigrateAsync(cancellationToken);
        });

        var resetUsers = await ResetOrRefuseAsync(cancellationToken);

        var generator = new DemoGenerator(options.Seed, now);
        var userPlans = generator.Users(options.Users);
        var listingPlans = generator.Listings(options.Listings, options.Users, options.Photos ? options.PhotoListings : 0);

        var userIds = await TimedAsync("users", () => InsertUsersAsync(userPlans, cancellationToken));
        var photos = options.Photos
            ? await TimedAsync("photos", () => StorePhotosAsync(listingPlans, cancellationToken))
            : new List<StoredPhoto>?[listingPlans.Count];
        var (favorites, views) = await TimedAsync(
            "listings, favorites, views",
            () => InsertListingsAsync(listingPlans, userIds, photos, generator, cancellationToken));

        return new SeedSummary(
            userPlans.Count,
            listingPlans.Count,
            listingPlans.Count(l => l.Status == ListingStatus.Active),
            listingPlans.Count(l => l.Status == ListingStatus.Rented),
            listingPlans.Count(l => l.Status == ListingStatus.Archived),
            listingPlans.GroupBy(l => l.Details.Address.City).OrderByDescending(g => g.Count()).ToDictionary(g => g.Key, g => g.Count()),
            photos.Sum(p => p?.Count ?? 0),
            photos.Count(p => p is not null),
            favorites,
            views,
            resetUsers,
            userPlans.Count > 0 ? userPlans[0].Email : string.Empty,
            _steps);
    }

    /// <summary>Deletes an earlier run's demo data with --reset (files first, then rows; the database cascades).</summary>
    private async Task<int> ResetOrRefuseAsync(CancellationToken cancellationToken)
    {
        var suffix = "@" + User.NormalizeEmail(DemoData.EmailDomain);
        await using var db = NewContext();
        var demoUsers = db.Users.Where(u => u.NormalizedEmail.EndsWith(suffix));
        var existing = await demoUsers.CountAsync(cancellationToken);
        if (existing == 0)
        {
            return 0;
        }

        if (!options.Reset)
        {
            throw new SeedRefusedException(string.Create(
                CultureInfo.InvariantCulture,
                $"The database already holds {existing} demo users (@{DemoData.EmailDomain}); run again with --reset to replace them."));
        }

        await TimedAsync("reset", async () =>
        {
            var keys = await db.ListingImages
                .Where(i => demoUsers.Any(u => u.Id == i.OwnerId))
                .Select(i => i.StorageKey)
                .ToListAsync(cancellationToken);
            foreach (var key in keys)
            {
                await files.DeleteAsync(key, cancellationToken);
            }

            // Listings owner by owner, so that no single cascade (images, favorites, views) grows huge; then the users.
            var owners = await demoUsers.Select(u => u.Id).ToListAsync(cancellationToken);
            foreach (var owner in owners)
            {
                await db.Listings.Where(l => l.OwnerId == owner).ExecuteDeleteAsync(cancellationToken);
            }

            await demoUsers.ExecuteDeleteAsync(cancellationToken);
        });
        return existing;
    }

    private async Task<Guid[]> InsertUsersAsync(IReadOnlyList<UserPlan> plans, CancellationToken cancellationToken)
    {
        // Hashing is deliberately slow (PBKDF2): hash the one demo password once and share the hash.
        var hash = await hasher.HashAsync(DemoData.Password, cancellationToken);
        var ids = new Guid[plans.Count];
        foreach (var batch in Batches(plans.Count))
        {
            await using var db = NewContext();
            for (var i = batch.Start; i < batch.End; i++)
            {
                var plan = plans[i];
                var user = User.Register(plan.Email, plan.FirstName, plan.LastName, plan.Major, plan.GraduationYear, plan.AboutMe, plan.CreatedAt);
                user.SetPasswordHash(hash, plan.CreatedAt);
                db.Users.Add(user);
                ids[i] = user.Id;
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        return ids;
    }

    /// <summary>Draws, processes (as an upload would be) and stores the photos, in parallel; null for listings without.</summary>
    private async Task<List<StoredPhoto>?[]> StorePhotosAsync(IReadOnlyList<ListingPlan> plans, CancellationToken cancellationToken)
    {
        var stored = new List<StoredPhoto>?[plans.Count];
        var withPhotos = Enumerable.Range(0, plans.Count).Where(i => plans[i].PhotoCount > 0).ToList();
        if (withPhotos.Count == 0)
        {
            return stored;
        }

        using var painter = new PhotoPainter();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(withPhotos, parallel, async (i, token) =>
        {
            var plan = plans[i];
            var address = plan.Details.Address;
            var caption = PhotoPainter.Caption(plan.Details.Price, plan.Details.Property.Bedrooms, address.City);
            var photos = new List<StoredPhoto>(plan.PhotoCount);
            for (var n = 0; n < plan.PhotoCount; n++)
            {
                var seed = unchecked((options.Seed * 7919) + (i * 31) + n);
                var jpeg = painter.Paint(new PhotoRequest(seed, n, address.StreetAddress, caption, address.StreetAddress.Contains("Del Playa", StringComparison.Ordinal)));
                await using var upload = new MemoryStream(jpeg, writable: false);
                var processed = await images.ProcessAsync(upload, token);
                var key = await files.SaveAsync(processed.Content, processed.Extension, token);
                photos.Add(new StoredPhoto(key, files.UrlFor(key), processed.ContentType));
            }

            stored[i] = photos;
        });
        return stored;
    }

    private async Task<(int Favorites, int Views)> InsertListingsAsync(
        IReadOnlyList<ListingPlan> plans,
        Guid[] userIds,
        List<StoredPhoto>?[] photos,
        DemoGenerator generator,
        CancellationToken cancellationToken)
    {
        var favorites = 0;
        var views = 0;
        var saved = 0;
        var clock = Stopwatch.StartNew();
        try
        {
            foreach (var batch in Batches(plans.Count))
            {
                await using var db = NewContext();
                for (var i = batch.Start; i < batch.End; i++)
                {
                    var plan = plans[i];
                    var ownerId = userIds[plan.OwnerIndex];
                    var uploads = (photos[i] ?? []).Select(p => ListingImage.Upload(ownerId, p.Key, p.Url, p.ContentType, plan.CreatedAt));
                    var listing = Listing.Create(ownerId, plan.Details, uploads, plan.CreatedAt);
                    if (plan.Status != ListingStatus.Active)
                    {
                        listing.SetStatus(plan.Status, generator.After(plan.CreatedAt));
                    }

                    db.Listings.Add(listing);
                    var entry = db.Entry(listing);
                    entry.Property(l => l.ViewCount).CurrentValue = plan.ViewedBy.Count + plan.AnonymousViews;
                    entry.Property(l => l.FavoriteCount).CurrentValue = plan.FavoritedBy.Count;

                    foreach (var user in plan.FavoritedBy)
                    {
                        var favorite = Favorite.Save(listing, userIds[user], generator.After(plan.CreatedAt));
                        favorite.ClearDomainEvents(); // demo favorites notify no one
                        db.Favorites.Add(favorite);
                    }

                    foreach (var user in plan.ViewedBy)
                    {
                        db.ListingViews.Add(new ListingView(listing.Id, userIds[user], Domain.Common.Clock.ToStoredPrecision(generator.After(plan.CreatedAt))));
                    }

                    favorites += plan.FavoritedBy.Count;
                    views += plan.ViewedBy.Count;
                }

                await db.SaveChangesAsync(cancellationToken);
                saved = batch.End;
                if (plans.Count >= 10 * options.BatchSize && (saved % ProgressEvery < options.BatchSize || saved == plans.Count))
                {
                    log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {saved,9:N0} listings ({clock.Elapsed.TotalSeconds:F1} s)"));
                }
            }
        }
        catch
        {
            // Photos of listings that were never saved would be stored for nothing.
            for (var i = saved; i < plans.Count; i++)
            {
                foreach (var photo in photos[i] ?? [])
                {
                    await files.DeleteAsync(photo.Key, CancellationToken.None);
                }
            }

            throw;
        }

        return (favorites, views);
    }

    private IEnumerable<(int Start, int End)> Batches(int count)
    {
        for (var start = 0; start < count; start += options.BatchSize)
        {
            yield return (start, Math.Min(count, start + options.BatchSize));
        }
    }

    private HomeletteDbContext NewContext()
    {
        var db = new HomeletteDbContext(_dbOptions);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        return db;
    }

    private async Task TimedAsync(string step, Func<Task> action)
    {
        var clock = Stopwatch.StartNew();
        await action();
        _steps.Add((step, clock.Elapsed));
    }

    private async Task<T> TimedAsync<T>(string step, Func<Task<T>> action)
    {
        var clock = Stopwatch.StartNew();
        var result = await action();
        _steps.Add((step, clock.Elapsed));
        return result;
    }
}

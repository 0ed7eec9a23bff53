using Homelette.Domain.Listings;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Homelette.Infrastructure.Data.Configurations;

internal sealed class ListingConfiguration : IEntityTypeConfiguration<Listing>
{
    public void Configure(EntityTypeBuilder<Listing> builder)
    {
        builder.ToTable("listings");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Id).ValueGeneratedNever();
        builder.HasOne<Domain.Users.User>().WithMany().HasForeignKey(l => l.OwnerId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(l => l.Title).HasMaxLength(ListingConstraints.TitleMaxLength).IsRequired();
        builder.Property(l => l.Description).HasMaxLength(ListingConstraints.DescriptionMaxLength);
        builder.Property(l => l.Price).HasPrecision(ListingConstraints.PricePrecision, ListingConstraints.PriceScale);
        builder.Property(l => l.Bathrooms).HasPrecision(4, 1);
        builder.Property(l => l.StreetAddress).HasMaxLength(ListingConstraints.StreetAddressMaxLength).IsRequired();
        builder.Property(l => l.AptNumber).HasMaxLength(ListingConstraints.AptNumberMaxLength);
        builder.Property(l => l.City).HasMaxLength(ListingConstraints.CityMaxLength).IsRequired();
        builder.Property(l => l.State).HasMaxLength(ListingConstraints.StateMaxLength).IsRequired();
        builder.Property(l => l.ZipCode).HasMaxLength(ListingConstraints.ZipCodeMaxLength).IsRequired();
        builder.Property(l => l.CoverImageUrl).HasMaxLength(ListingConstraints.ImageUrlMaxLength);
        builder.Property(l => l.Amenities).HasConversion<int>();
        builder.Property(l => l.Status).HasConversion<int>();
        builder.Property(l => l.PropertyType).HasConversion<int>();
        builder.Property(l => l.Version).IsConcurrencyToken();
        builder.Ignore(l => l.Address);
        builder.Ignore(l => l.Property);
        builder.Ignore(l => l.Details);
        builder.Ignore(l => l.DomainEvents);
        builder.HasMany(l => l.Images).WithOne().HasForeignKey(i => i.ListingId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(l => l.Images).UsePropertyAccessMode(PropertyAccessMode.Field).HasField("_images");

        // Each sort and filter of the search has an index that starts with the status every search filters on.
        builder.HasIndex(l => new { l.Status, l.Id }).HasDatabaseName("ix_listings_status_id");
        builder.HasIndex(l => new { l.Status, l.Price, l.Id }).HasDatabaseName("ix_listings_status_price_id");
        builder.HasIndex(l => new { l.Status, l.City, l.Id }).HasDatabaseName("ix_listings_status_city_id");
        builder.HasIndex(l => new { l.Status, l.Latitude, l.Longitude }).HasDatabaseName("ix_listings_status_lat_lng");
        builder.HasIndex(l => new { l.Status, l.Bedrooms, l.Id }).HasDatabaseName("ix_listings_status_bedrooms_id");
        builder.HasIndex(l => new { l.Status, l.PropertyType, l.Id }).HasDatabaseName("ix_listings_status_property_type_id");
        builder.HasIndex(l => new { l.Status, l.Amenities, l.Id }).HasDatabaseName("ix_listings_status_amenities_id");
        builder.HasIndex(l => new { l.Status, l.StartDate, l.EndDate }).HasDatabaseName("ix_listings_status_dates");
        builder.HasIndex(l => new { l.OwnerId, l.Id }).HasDatabaseName("ix_listings_owner_id");
        builder.HasIndex(l => new { l.Title, l.Description, l.StreetAddress }).IsFullText().HasDatabaseName("ft_listings_text");
    }
}

internal sealed class ListingImageConfiguration : IEntityTypeConfiguration<ListingImage>
{
    public void Configure(EntityTypeBuilder<ListingImage> builder)
    {
        builder.ToTable("listing_images");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.StorageKey).HasMaxLength(100).IsRequired();
        builder.HasIndex(i => i.StorageKey).IsUnique();
        builder.Property(i => i.Url).HasMaxLength(ListingConstraints.ImageUrlMaxLength).IsRequired();
        builder.Property(i => i.ContentType).HasMaxLength(50).IsRequired();
        builder.HasOne<Domain.Users.User>().WithMany().HasForeignKey(i => i.OwnerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(i => new { i.ListingId, i.Position });
        builder.HasIndex(i => new { i.ListingId, i.CreatedAt }).HasDatabaseName("ix_listing_images_unattached");
        builder.Ignore(i => i.DomainEvents);
    }
}

internal sealed class FavoriteConfiguration : IEntityTypeConfiguration<Favorite>
{
    public void Configure(EntityTypeBuilder<Favorite> builder)
    {
        builder.ToTable("favorites");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Id).ValueGeneratedNever();
        builder.HasIndex(f => new { f.UserId, f.ListingId }).IsUnique();
        builder.HasIndex(f => f.ListingId);
        builder.HasOne<Domain.Users.User>().WithMany().HasForeignKey(f => f.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Listing>().WithMany().HasForeignKey(f => f.ListingId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(f => f.DomainEvents);
    }
}

internal sealed class ListingViewConfiguration : IEntityTypeConfiguration<ListingView>
{
    public void Configure(EntityTypeBuilder<ListingView> builder)
    {
        builder.ToTable("listing_views");
        builder.HasKey(v => new { v.ListingId, v.ViewerId });
        builder.HasOne<Listing>().WithMany().HasForeignKey(v => v.ListingId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Domain.Users.User>().WithMany().HasForeignKey(v => v.ViewerId).OnDelete(DeleteBehavior.Cascade);
    }
}

using Homelette.Domain.Common;

namespace Homelette.Domain.Listings;

/// <summary>A sublet on offer: the aggregate that owns its photos and counters.</summary>
public sealed class Listing : Entity
{
    private readonly List<ListingImage> _images = [];

    private Listing(Guid id, Guid ownerId, DateTimeOffset createdAt)
        : base(id)
    {
        OwnerId = ownerId;
        CreatedAt = createdAt;
        UpdatedAt = createdAt;
    }

    public Guid OwnerId { get; private set; }

    public string Title { get; private set; } = string.Empty;

    public string? Description { get; private set; }

    public decimal Price { get; private set; }

    public DateOnly StartDate { get; private set; }

    public DateOnly EndDate { get; private set; }

    public int Roommates { get; private set; }

    public Amenities Amenities { get; private set; }

    public ListingStatus Status { get; private set; }

    public string StreetAddress { get; private set; } = string.Empty;

    public string? AptNumber { get; private set; }

    public string City { get; private set; } = string.Empty;

    public string State { get; private set; } = string.Empty;

    public string ZipCode { get; private set; } = string.Empty;

    public double? Latitude { get; private set; }

    public double? Longitude { get; private set; }

    public PropertyType PropertyType { get; private set; }

    public int Bedrooms { get; private set; }

    public decimal Bathrooms { get; private set; }

    public int Area { get; private set; }

    public long ViewCount { get; private set; }

    public int FavoriteCount { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Raised by every change; a writer holding an older version is refused.</summary>
    public int Version { get; private set; } = 1;

    public IReadOnlyList<ListingImage> Images => _images.OrderBy(i => i.Position).ToList();

    public Address Address => new(StreetAddress, AptNumber, City, State, ZipCode, Latitude, Longitude);

    public PropertyDetails Property => new(PropertyType, Bedrooms, Bathrooms, Area);

    public static Listing Create(Guid ownerId, ListingDetails details, IEnumerable<ListingImage> uploads, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(details);
        ArgumentNullException.ThrowIfNull(uploads);
        now = Clock.ToStoredPrecision(now);
        var listing = new Listing(Guid.CreateVersion7(now), ownerId, now) { Status = ListingStatus.Active };
        listing.Apply(details);
        foreach (var upload in uploads)
        {
            listing.Attach(upload);
        }

        return listing;
    }

    /// <summary>Replaces the details (the caller merges a partial update first) after checking the rules that span fields.</summary>
    public void Update(ListingDetails details, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(details);
        Apply(details);
        Touch(now);
    }

    public void SetStatus(ListingStatus status, DateTimeOffset now)
    {
        Status = status;
        Touch(now);
    }

    public ListingDetails Details => new(
        Title, Description, Price, StartDate, EndDate, Roommates, Amenities, Address, Property);

    /// <summary>Adds a photo after the others.</summary>
    public void AddImage(ListingImage image, DateTimeOffset now)
    {
        Attach(image);
        Touch(now);
    }

    private void Attach(ListingImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.OwnerId != OwnerId)
        {
            throw new DomainRuleException("image_urls", "Only your own uploads can be added to your listing.");
        }

        if (image.ListingId is { } attached && attached != Id)
        {
            throw new DomainRuleException("image_urls", "That image already belongs to another listing.");
        }

        if (_images.Contains(image))
        {
            return;
        }

        if (_images.Count >= ListingConstraints.ImagesMax)
        {
            throw new DomainConflictException($"A listing holds at most {ListingConstraints.ImagesMax} images.");
        }

        image.AttachTo(Id, _images.Count == 0 ? 0 : _images.Max(i => i.Position) + 1);
        _images.Add(image);
        CoverImageUrl = Images[0].Url;
    }

    /// <summary>Takes a photo off the listing; null when it is not one of the listing's photos.</summary>
    public ListingImage? RemoveImage(Guid imageId, DateTimeOffset now)
    {
        var image = _images.SingleOrDefault(i => i.Id == imageId);
        if (image is null)
        {
            return null;
        }

        _images.Remove(image);
        Renumber(Images);
        Touch(now);
        return image;
    }

    /// <summary>Puts the photos in the given order; the ids must be exactly the listing's photos.</summary>
    public void ReorderImages(IReadOnlyList<Guid> imageIds, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(imageIds);
        var current = _images.Select(i => i.Id).ToHashSet();
        if (imageIds.Count != current.Count || imageIds.Distinct().Count() != imageIds.Count || !current.SetEquals(imageIds))
        {
            throw new DomainRuleException("image_ids", "List every image of the listing exactly once.");
        }

        Renumber(imageIds.Select(id => _images.Single(i => i.Id == id)).ToList());
        Touch(now);
    }

    /// <summary>The first photo's URL, kept on the listing so that search pages need no join.</summary>
    public string? CoverImageUrl { get; private set; }

    private void Apply(ListingDetails details)
    {
        if (details.StartDate > details.EndDate)
        {
            throw new DomainRuleException("listing.end_date", "The end date must be on or after the start date.");
        }

        if (details.Address.Latitude.HasValue != details.Address.Longitude.HasValue)
        {
            throw new DomainRuleException("address.longitude", "Give both latitude and longitude, or neither.");
        }

        Title = details.Title.Trim();
        Description = string.IsNullOrWhiteSpace(details.Description) ? null : details.Description.Trim();
        Price = decimal.Round(details.Price, ListingConstraints.PriceScale);
        StartDate = details.StartDate;
        EndDate = details.EndDate;
        Roommates = details.Roommates;
        Amenities = details.Amenities;
        StreetAddress = details.Address.StreetAddress.Trim();
        AptNumber = string.IsNullOrWhiteSpace(details.Address.AptNumber) ? null : details.Address.AptNumber.Trim();
        City = details.Address.City.Trim();
        State = details.Address.State.Trim();
        ZipCode = details.Address.ZipCode.Trim();
        Latitude = details.Address.Latitude;
        Longitude = details.Address.Longitude;
        PropertyType = details.Property.PropertyType;
        Bedrooms = details.Property.Bedrooms;
        Bathrooms = details.Property.Bathrooms;
        Area = details.Property.Area;
    }

    private void Renumber(IReadOnlyList<ListingImage> ordered)
    {
        for (var position = 0; position < ordered.Count; position++)
        {
            ordered[position].MoveTo(position);
        }

        CoverImageUrl = ordered.Count == 0 ? null : ordered[0].Url;
    }

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = Clock.ToStoredPrecision(now);
        Version++;
    }
}

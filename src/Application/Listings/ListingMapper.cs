using Homelette.Application.Users;
using Homelette.Domain.Listings;
using Riok.Mapperly.Abstractions;

namespace Homelette.Application.Listings;

[Mapper(RequiredMappingStrategy = RequiredMappingStrategy.Target)]
public static partial class ListingMapper
{
    public static partial AddressDto ToDto(this Address address);

    public static partial PropertyDto ToDto(this PropertyDetails property);

    [MapProperty(nameof(ListingImage.Id), nameof(ListingImageDto.ImageId))]
    public static partial ListingImageDto ToDto(this ListingImage image);

    /// <summary>The whole listing; the owner's public profile and the counters come from other queries.</summary>
    [MapperIgnoreSource(nameof(Listing.DomainEvents))]
    public static partial ListingDto ToDto(this Listing listing, UserDto owner, int favoriteCount, bool? isFavorite);

    private static IReadOnlyList<Amenity> AmenityList(Amenities amenities) => amenities.ToList();
}

namespace Homelette.Domain.Listings;

public enum ListingStatus
{
    Active = 0,
    Rented = 1,
    Archived = 2,
}

public enum PropertyType
{
    Apartment = 0,
    House = 1,
    Condo = 2,
    Townhouse = 3,
    Studio = 4,
    Room = 5,
}

/// <summary>One thing the rent includes or the place offers, as clients name it.</summary>
public enum Amenity
{
    Wifi = 0,
    Water = 1,
    Electricity = 2,
    Gas = 3,
    Trash = 4,
    Laundry = 5,
    Parking = 6,
    Furnished = 7,
    AirConditioning = 8,
    PetsAllowed = 9,
    PrivateBathroom = 10,
}

/// <summary>A set of <see cref="Amenity"/> values, stored as one bit mask (bit n is amenity n).</summary>
[Flags]
#pragma warning disable CA1711 // "Amenities" is the domain's word.
public enum Amenities
#pragma warning restore CA1711
{
    None = 0,
    Wifi = 1 << 0,
    Water = 1 << 1,
    Electricity = 1 << 2,
    Gas = 1 << 3,
    Trash = 1 << 4,
    Laundry = 1 << 5,
    Parking = 1 << 6,
    Furnished = 1 << 7,
    AirConditioning = 1 << 8,
    PetsAllowed = 1 << 9,
    PrivateBathroom = 1 << 10,
}

public static class AmenityExtensions
{
    public static Amenities ToFlags(this IEnumerable<Amenity> amenities) =>
        amenities?.Aggregate(Amenities.None, (flags, amenity) => flags | (Amenities)(1 << (int)amenity)) ?? Amenities.None;

    public static IReadOnlyList<Amenity> ToList(this Amenities flags) =>
        Enum.GetValues<Amenity>().Where(a => flags.HasFlag((Amenities)(1 << (int)a))).ToList();

    /// <summary>Every amenity there is, as flags.</summary>
    public static Amenities All { get; } = Enum.GetValues<Amenity>().ToFlags();

    /// <summary>Every set of amenities that includes all of <paramref name="required"/>, <paramref name="required"/> first.</summary>
    public static IEnumerable<Amenities> Supersets(this Amenities required)
    {
        var free = All & ~required;
        var extra = free;
        while (true)
        {
            // Counting down through the subsets of the free bits: (extra - 1) & free is the next one below.
            yield return required | (free & ~extra);
            if (extra == Amenities.None)
            {
                yield break;
            }

            extra = (Amenities)((int)extra - 1) & free;
        }
    }
}

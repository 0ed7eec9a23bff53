using System.Globalization;
using System.Text;
using Homelette.Application.Common;
using Homelette.Domain.Listings;

namespace Homelette.Seeder;

internal sealed record UserPlan(
    string Email,
    string FirstName,
    string LastName,
    string Major,
    int GraduationYear,
    string? AboutMe,
    DateTimeOffset CreatedAt);

/// <summary>Everything about one listing to insert; users are referred to by their index in the user plans.</summary>
internal sealed record ListingPlan(
    int OwnerIndex,
    ListingDetails Details,
    ListingStatus Status,
    DateTimeOffset CreatedAt,
    int PhotoCount,
    IReadOnlyList<int> FavoritedBy,
    IReadOnlyList<int> ViewedBy,
    int AnonymousViews);

/// <summary>
/// Draws the demo data from one seeded <see cref="Random"/>, so that the same seed and counts give the same
/// users and listings on every run (ids and times are relative to <c>now</c>).
/// </summary>
internal sealed class DemoGenerator(int seed, DateTimeOffset now)
{
    private const double KmPerDegreeLatitude = 111.32;
    private const double MaxDistanceKm = 3;
    private const int ListingHistoryDays = 120;
    private const int UserHistoryDays = 365;

    private readonly Random _random = new(seed);
    private readonly DateOnly _today = DateOnly.FromDateTime(now.UtcDateTime);

    public IReadOnlyList<UserPlan> Users(int count)
    {
        var users = new List<UserPlan>(count);
        var year = now.Year;
        for (var i = 0; i < count; i++)
        {
            var first = Pick(DemoData.FirstNames);
            var last = Pick(DemoData.LastNames);
            var major = Pick(DemoData.Majors);
            var email = string.Create(
                CultureInfo.InvariantCulture,
                $"{EmailPart(first)}.{EmailPart(last)}{i + 1}@{DemoData.EmailDomain}");
            var graduation = year + _random.Next(0, 5) + (_random.NextDouble() < 0.1 ? 2 : 0);
            var about = _random.NextDouble() < 0.7 ? Pick(DemoData.AboutMe).Replace("{major}", major, StringComparison.Ordinal) : null;

            // Spread over the last year, oldest first, so that accounts are older than their listings.
            var createdAt = now.AddDays(-UserHistoryDays + (UserHistoryDays - ListingHistoryDays) * (double)i / count);
            users.Add(new UserPlan(email, first, last, major, graduation, about, createdAt));
        }

        return users;
    }

    /// <summary>Listings oldest first (created over the last 120 days); the newest <paramref name="photoListings"/> get photos.</summary>
    public IReadOnlyList<ListingPlan> Listings(int count, int userCount, int photoListings)
    {
        var listings = new List<ListingPlan>(count);
        // About 60% of the users sublet something; everyone may save or view.
        var owners = Math.Max(1, (int)(userCount * 0.6));
        var step = TimeSpan.FromDays(ListingHistoryDays) / Math.Max(1, count);
        var start = now.AddDays(-ListingHistoryDays);
        for (var i = 0; i < count; i++)
        {
            var createdAt = start + (step * i) + (step * _random.NextDouble() * 0.9);
            var owner = _random.Next(owners);
            var details = Details();
            var status = Roll() switch
            {
                < 0.85 => ListingStatus.Active,
                < 0.95 => ListingStatus.Rented,
                _ => ListingStatus.Archived,
            };
            var photos = i >= count - photoListings ? _random.Next(1, 4) : 0;
            var favoritedBy = status == ListingStatus.Archived ? [] : OtherUsers(userCount, owner, FavoriteCount());
            var viewedBy = OtherUsers(userCount, owner, _random.Next(0, 5));
            var anonymous = status == ListingStatus.Active ? _random.Next(0, 41) : _random.Next(0, 6);
            listings.Add(new ListingPlan(owner, details, status, createdAt, photos, favoritedBy, viewedBy, anonymous));
        }

        return listings;
    }

    /// <summary>When a favorite or view of a listing created at <paramref name="createdAt"/> happened.</summary>
    public DateTimeOffset After(DateTimeOffset createdAt) => createdAt + ((now - createdAt) * _random.NextDouble());

    private ListingDetails Details()
    {
        var area = Roll() switch
        {
            < 0.70 => DemoData.IslaVista,
            < 0.90 => DemoData.Goleta,
            _ => DemoData.SantaBarbara,
        };
        var street = Pick(area.Streets);
        var number = _random.Next(street.FirstNumber, street.LastNumber + 1);
        var type = Roll() switch
        {
            < 0.40 => PropertyType.Apartment,
            < 0.60 => PropertyType.House,
            < 0.68 => PropertyType.Condo,
            < 0.75 => PropertyType.Townhouse,
            < 0.85 => PropertyType.Studio,
            _ => PropertyType.Room,
        };
        var bedrooms = type switch
        {
            PropertyType.Studio => 0,
            PropertyType.Room => 1,
            PropertyType.Apartment or PropertyType.Condo => _random.Next(1, 4),
            PropertyType.Townhouse => _random.Next(2, 5),
            _ => _random.Next(2, 7),
        };
        var bathrooms = type switch
        {
            PropertyType.Studio or PropertyType.Room => 1m,
            _ => Math.Clamp(Math.Round((decimal)(1 + (bedrooms * 0.5) + ((_random.NextDouble() - 0.5) * 1.0)) * 2, MidpointRounding.AwayFromZero) / 2, 1m, 4m),
        };
        var squareFeet = type switch
        {
            PropertyType.Room => _random.Next(110, 260),
            PropertyType.Studio => _random.Next(280, 520),
            PropertyType.House => 900 + (bedrooms * 300) + _random.Next(-150, 400),
            _ => 550 + (bedrooms * 330) + _random.Next(-100, 250),
        };
        var roommates = type switch
        {
            PropertyType.Studio => _random.NextDouble() < 0.2 ? 1 : 0,
            PropertyType.Room => _random.Next(1, 6),
            PropertyType.House => Math.Min(ListingConstraints.RoommatesMax, _random.Next(bedrooms - 1, (bedrooms * 2) + 1)),
            _ => _random.Next(0, bedrooms + 1),
        };
        var price = Price(type, bedrooms, street.Oceanside);
        var amenities = PickAmenities(type);
        var (latitude, longitude) = _random.NextDouble() < 0.02 ? (null as double?, null as double?) : Point(area);
        var startDate = _today.AddDays(_random.Next(0, 61));
        var endDate = startDate.AddMonths(_random.Next(2, 13)).AddDays(-1);
        var apt = type is PropertyType.Apartment or PropertyType.Condo or PropertyType.Studio && _random.NextDouble() < 0.7
            ? (_random.NextDouble() < 0.3 ? ((char)('A' + _random.Next(0, 4))).ToString() : _random.Next(1, 25).ToString(CultureInfo.InvariantCulture))
            : null;
        var title = Title(type, bedrooms, street, area);
        var description = Description(type, street, area, amenities, startDate);
        var address = new Address(
            string.Create(CultureInfo.InvariantCulture, $"{number} {street.Name}"),
            apt,
            area.City,
            "CA",
            Pick(area.ZipCodes),
            latitude,
            longitude);
        return new ListingDetails(
            title,
            description,
            price,
            startDate,
            endDate,
            roommates,
            amenities,
            address,
            new PropertyDetails(type, bedrooms, bathrooms, squareFeet));
    }

    private decimal Price(PropertyType type, int bedrooms, bool oceanside)
    {
        var basePrice = type switch
        {
            PropertyType.Room => 750 + (_random.NextDouble() * 450),
            PropertyType.Studio => 1100 + (_random.NextDouble() * 600),
            PropertyType.House => 2000 + (bedrooms * 250) + (_random.NextDouble() * 500),
            _ => 1150 + (bedrooms * 420) + (_random.NextDouble() * 450),
        };
        if (oceanside)
        {
            basePrice *= 1.2;
        }

        // Rents end in 0, 25, 50 or 75; a few sublets are cheap (shared rooms) or top of the range.
        var rounded = Math.Round(basePrice / 25) * 25;
        return (decimal)Math.Clamp(rounded, 600, 3500);
    }

    private Amenities PickAmenities(PropertyType type)
    {
        var chances = new (Amenities Amenity, double Chance)[]
        {
            (Amenities.Wifi, 0.75),
            (Amenities.Water, 0.6),
            (Amenities.Electricity, 0.4),
            (Amenities.Gas, 0.3),
            (Amenities.Trash, 0.6),
            (Amenities.Laundry, 0.5),
            (Amenities.Parking, type == PropertyType.House ? 0.6 : 0.3),
            (Amenities.Furnished, type == PropertyType.Room ? 0.8 : 0.5),
            (Amenities.AirConditioning, 0.1),
            (Amenities.PetsAllowed, 0.15),
            (Amenities.PrivateBathroom, type == PropertyType.Room ? 0.35 : 0.2),
        };
        var amenities = Amenities.None;
        foreach (var (amenity, chance) in chances)
        {
            if (_random.NextDouble() < chance)
            {
                amenities |= amenity;
            }
        }

        return amenities;
    }

    /// <summary>A point around the area's centre (a normal spread, at most 3 km out), mirrored inland at the coast.</summary>
    private (double? Latitude, double? Longitude) Point(Area area)
    {
        double north, east;
        do
        {
            // Box-Muller: two independent normal offsets in km.
            var length = area.SpreadKm * Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble()));
            var angle = 2 * Math.PI * _random.NextDouble();
            north = length * Math.Cos(angle);
            east = length * Math.Sin(angle);
        }
        while ((north * north) + (east * east) > MaxDistanceKm * MaxDistanceKm);

        var latitude = area.Latitude + (north / KmPerDegreeLatitude);
        if (latitude < area.MinLatitude)
        {
            latitude = area.MinLatitude + (area.MinLatitude - latitude);
        }

        var longitude = area.Longitude + (east / (KmPerDegreeLatitude * Math.Cos(area.Latitude * Math.PI / 180)));
        return (Math.Round(latitude, 6), Math.Round(longitude, 6));
    }

    private string Title(PropertyType type, int bedrooms, Street street, Area area)
    {
        var kind = type switch
        {
            PropertyType.Apartment => "apartment",
            PropertyType.House => "house",
            PropertyType.Condo => "condo",
            PropertyType.Townhouse => "townhouse",
            PropertyType.Studio => "studio",
            _ => "room",
        };
        var season = Pick(DemoData.Seasons);
        var adjective = Pick(DemoData.Adjectives);
        return type switch
        {
            PropertyType.Room => _random.Next(3) switch
            {
                0 => $"Room in {_random.Next(3, 7)}BR house on {street.Name}",
                1 => $"{adjective} private room near campus ({season} sublet)",
                _ => $"Shared room on {street.Name}, {season} quarter",
            },
            PropertyType.Studio => _random.Next(2) == 0
                ? $"{adjective} studio in {area.City}"
                : $"{season} sublet: studio on {street.Name}",
            _ => _random.Next(4) switch
            {
                0 when street.Oceanside => $"Oceanside {bedrooms}BR {kind} on {street.Name}",
                0 or 1 => $"{adjective} {bedrooms}BR {kind} on {street.Name}",
                2 => $"{season} sublet: {bedrooms}BR {kind} in {area.City}",
                _ => $"{adjective} {bedrooms}BR {kind} near UCSB",
            },
        };
    }

    private string Description(PropertyType type, Street street, Area area, Amenities amenities, DateOnly startDate)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Subletting from {startDate:MMMM d}. ");
        if (street.Oceanside)
        {
            text.Append("Ocean views from the balcony and the beach is right outside. ");
        }

        if (type == PropertyType.Room)
        {
            text.Append("You get your own room; kitchen and living room are shared. ");
        }

        var local = area.City switch
        {
            "Isla Vista" => DemoData.IslaVistaSentences,
            "Goleta" => DemoData.GoletaSentences,
            _ => DemoData.SantaBarbaraSentences,
        };
        var sentences = new List<string> { Pick(local) };
        var count = _random.Next(1, 4);
        while (sentences.Count <= count)
        {
            var sentence = Pick(DemoData.Sentences);
            if (!sentences.Contains(sentence))
            {
                sentences.Add(sentence);
            }
        }

        foreach (var sentence in sentences)
        {
            text.Append(sentence
                    .Replace("{minutes}", _random.Next(3, 16).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                    .Replace("{nearby}", Pick(DemoData.Nearby), StringComparison.Ordinal)
                    .Replace("{nearby2}", Pick(DemoData.Nearby), StringComparison.Ordinal)
                    .Replace("{major}", Pick(DemoData.Majors), StringComparison.Ordinal))
                .Append(' ');
        }

        var included = amenities.ToList();
        if (included.Count > 0)
        {
            text.Append("Includes: ")
                .AppendJoin(", ", included.Select(a => WireNames.Of(a).Replace('_', ' ')))
                .Append('.');
        }

        return text.ToString().Trim();
    }

    private int FavoriteCount() => Roll() switch
    {
        < 0.60 => 0,
        < 0.80 => 1,
        < 0.90 => 2,
        _ => _random.Next(3, 7),
    };

    /// <summary>Up to <paramref name="count"/> distinct users other than the owner.</summary>
    private List<int> OtherUsers(int userCount, int owner, int count)
    {
        count = Math.Min(count, userCount - 1);
        var chosen = new List<int>(count);
        while (chosen.Count < count)
        {
            var user = _random.Next(userCount);
            if (user != owner && !chosen.Contains(user))
            {
                chosen.Add(user);
            }
        }

        return chosen;
    }

    private double Roll() => _random.NextDouble();

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private static string EmailPart(string name) =>
        new(name.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray());
}

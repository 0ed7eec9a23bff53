namespace Homelette.Domain.Listings;

/// <summary>Limits of a listing, shared by validators and the database schema.</summary>
public static class ListingConstraints
{
    public const int TitleMaxLength = 120;
    public const int DescriptionMaxLength = 5000;
    public const int PricePrecision = 10;
    public const int PriceScale = 2;
    public const decimal PriceMax = 100_000m;
    public const int RoommatesMax = 20;
    public const int BedroomsMax = 20;
    public const decimal BathroomsMax = 20m;
    public const decimal BathroomsStep = 0.5m;
    public const int AreaMax = 1_000_000;
    public const int ImagesMax = 20;
    public const int StreetAddressMaxLength = 200;
    public const int AptNumberMaxLength = 20;
    public const int CityMaxLength = 100;
    public const int StateMaxLength = 50;
    public const int ZipCodeMaxLength = 10;
    public const int ImageUrlMaxLength = 512;
    public const int SearchTextMaxLength = 200;
    public const double RadiusMaxKm = 100;
    public const int ImageUploadMaxBytes = 10 * 1024 * 1024;

    /// <summary>The same signed-in viewer counts as one view per this period.</summary>
    public static readonly TimeSpan ViewDeduplicationWindow = TimeSpan.FromHours(24);

    /// <summary>Uploads not attached to a listing within this time are deleted.</summary>
    public static readonly TimeSpan UnattachedUploadLifetime = TimeSpan.FromHours(24);
}

using System.Globalization;

namespace Homelette.Application.Listings;

public readonly record struct GeoPoint(double Latitude, double Longitude);

/// <summary>A map view: the listings whose coordinates fall inside it.</summary>
public readonly record struct GeoBox(double MinLongitude, double MinLatitude, double MaxLongitude, double MaxLatitude);

/// <summary>The query-string forms of points and boxes, and the geometry search needs.</summary>
public static class Geo
{
    public const double EarthRadiusKm = 6371.0088;
    public const double DefaultRadiusKm = 10;

    /// <summary>"lat,lng"; false when malformed or out of range.</summary>
    public static bool TryParsePoint(string? text, out GeoPoint point)
    {
        point = default;
        var parts = Numbers(text, 2);
        if (parts is null || !InRange(parts[0], 90) || !InRange(parts[1], 180))
        {
            return false;
        }

        point = new GeoPoint(parts[0], parts[1]);
        return true;
    }

    /// <summary>"min_lng,min_lat,max_lng,max_lat"; false when malformed, out of range or inverted.</summary>
    public static bool TryParseBox(string? text, out GeoBox box)
    {
        box = default;
        var parts = Numbers(text, 4);
        if (parts is null
            || !InRange(parts[0], 180) || !InRange(parts[2], 180)
            || !InRange(parts[1], 90) || !InRange(parts[3], 90)
            || parts[0] > parts[2] || parts[1] > parts[3])
        {
            return false;
        }

        box = new GeoBox(parts[0], parts[1], parts[2], parts[3]);
        return true;
    }

    /// <summary>
    /// A box that holds every point within the radius, for an indexed prefilter before the exact distance. The
    /// circle's widest longitude span is asin(sin(d/R) / cos(lat)); a circle that reaches a pole or crosses the
    /// antimeridian gets every longitude (the exact distance still decides).
    /// </summary>
    public static GeoBox BoundingBox(GeoPoint center, double radiusKm)
    {
        const double Degrees = 180 / Math.PI;
        var angular = radiusKm / EarthRadiusKm;
        var minLat = center.Latitude - (angular * Degrees);
        var maxLat = center.Latitude + (angular * Degrees);
        if (minLat <= -90 || maxLat >= 90)
        {
            return new GeoBox(-180, Math.Max(-90, minLat), 180, Math.Min(90, maxLat));
        }

        var ratio = Math.Sin(angular) / Math.Cos(center.Latitude / Degrees);
        var lngDelta = ratio >= 1 ? 180 : Math.Asin(ratio) * Degrees;
        var minLng = center.Longitude - lngDelta;
        var maxLng = center.Longitude + lngDelta;
        return minLng < -180 || maxLng > 180
            ? new GeoBox(-180, minLat, 180, maxLat)
            : new GeoBox(minLng, minLat, maxLng, maxLat);
    }

    private static double[]? Numbers(string? text, int count)
    {
        var parts = text?.Split(',', StringSplitOptions.TrimEntries);
        if (parts is null || parts.Length != count)
        {
            return null;
        }

        var numbers = new double[count];
        for (var i = 0; i < count; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i]) || !double.IsFinite(numbers[i]))
            {
                return null;
            }
        }

        return numbers;
    }

    private static bool InRange(double value, double limit) => value >= -limit && value <= limit;
}

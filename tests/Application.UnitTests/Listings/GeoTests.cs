using Homelette.Application.Listings;

namespace Homelette.Application.UnitTests.Listings;

public sealed class GeoTests
{
    private static readonly GeoPoint IslaVista = new(34.4133, -119.8610);

    [Fact]
    public void ShouldParseLatitudeThenLongitude_WhenThePointIsWellFormed()
    {
        Geo.TryParsePoint("34.4133,-119.8610", out var point).ShouldBeTrue();

        point.ShouldBe(IslaVista);
    }

    [Fact]
    public void ShouldIgnoreSpacesAroundNumbers_WhenParsingAPoint()
    {
        Geo.TryParsePoint(" 34.4133 , -119.8610 ", out var point).ShouldBeTrue();

        point.ShouldBe(IslaVista);
    }

    [Theory]
    [InlineData("90,180")]
    [InlineData("-90,-180")]
    [InlineData("0,0")]
    [InlineData("1e1,2")]
    public void ShouldAcceptThePoint_WhenItIsWithinRange(string text) => Geo.TryParsePoint(text, out _).ShouldBeTrue();

    [Theory]
    [InlineData("91,0")]
    [InlineData("-90.0001,0")]
    [InlineData("0,181")]
    [InlineData("0,-180.5")]
    [InlineData("abc,1")]
    [InlineData("34.4")]
    [InlineData("1,2,3")]
    [InlineData("34,4133,-119,8610")]
    [InlineData("NaN,1")]
    [InlineData("Infinity,1")]
    [InlineData(",")]
    [InlineData("")]
    [InlineData(null)]
    public void ShouldRefuseThePoint_WhenMalformedOrOutOfRange(string? text)
    {
        Geo.TryParsePoint(text, out var point).ShouldBeFalse();

        point.ShouldBe(default);
    }

    [Fact]
    public void ShouldParseMinLngMinLatMaxLngMaxLat_WhenTheBoxIsWellFormed()
    {
        Geo.TryParseBox("-119.9,34.40,-119.8,34.45", out var box).ShouldBeTrue();

        box.ShouldBe(new GeoBox(-119.9, 34.40, -119.8, 34.45));
    }

    [Fact]
    public void ShouldAcceptABoxOfOnePoint_WhenMinimumsEqualMaximums() =>
        Geo.TryParseBox("-119.9,34.4,-119.9,34.4", out _).ShouldBeTrue();

    [Theory]
    [InlineData("-119.8,34.40,-119.9,34.45")]
    [InlineData("-119.9,34.45,-119.8,34.40")]
    [InlineData("-181,34.4,-119.8,34.5")]
    [InlineData("-119.9,34.4,181,34.5")]
    [InlineData("-119.9,-91,-119.8,34.5")]
    [InlineData("-119.9,34.4,-119.8,91")]
    [InlineData("-119.9,34.4,-119.8")]
    [InlineData("-119.9,34.4,-119.8,34.5,1")]
    [InlineData("a,b,c,d")]
    [InlineData(null)]
    public void ShouldRefuseTheBox_WhenInvertedMalformedOrOutOfRange(string? text) => Geo.TryParseBox(text, out _).ShouldBeFalse();

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(100)]
    public void ShouldHoldEveryPointWithinTheRadius_WhenMakingABoundingBox(double radiusKm)
    {
        var box = Geo.BoundingBox(IslaVista, radiusKm);

        // The points radiusKm away due north, south, east and west (a hair inside) are in the box.
        var degreesPerKmLatitude = 180 / (Math.PI * Geo.EarthRadiusKm);
        var latDelta = radiusKm * degreesPerKmLatitude * 0.999;
        var lngDelta = latDelta / Math.Cos(IslaVista.Latitude * Math.PI / 180);
        box.MinLatitude.ShouldBeLessThanOrEqualTo(IslaVista.Latitude - latDelta);
        box.MaxLatitude.ShouldBeGreaterThanOrEqualTo(IslaVista.Latitude + latDelta);
        box.MinLongitude.ShouldBeLessThanOrEqualTo(IslaVista.Longitude - lngDelta);
        box.MaxLongitude.ShouldBeGreaterThanOrEqualTo(IslaVista.Longitude + lngDelta);
    }

    [Theory]
    [InlineData(34.4133, 100)]
    [InlineData(60, 100)]
    public void ShouldHoldTheWidestPointsOfTheCircle_WhenMakingABoundingBox(double latitude, double radiusKm)
    {
        var center = new GeoPoint(latitude, 0);

        var box = Geo.BoundingBox(center, radiusKm);

        // A circle on the sphere is widest north of its center's parallel: asin(sin(d) / cos(lat)), more than d / cos(lat).
        var angle = radiusKm / Geo.EarthRadiusKm;
        var widest = Math.Asin(Math.Sin(angle) / Math.Cos(latitude * Math.PI / 180)) * 180 / Math.PI;
        box.MaxLongitude.ShouldBeGreaterThanOrEqualTo(widest);
        box.MinLongitude.ShouldBeLessThanOrEqualTo(-widest);
    }

    [Fact]
    public void ShouldStayTight_WhenMakingABoundingBox()
    {
        var box = Geo.BoundingBox(IslaVista, 10);

        // 10 km is about 0.09 degrees of latitude; the box should not be much larger than needed.
        (box.MaxLatitude - box.MinLatitude).ShouldBe(0.18, tolerance: 0.001);
    }

    [Fact]
    public void ShouldSpanEveryLongitude_WhenTheCircleReachesAPole()
    {
        // 100 km around a point 11 km from the North Pole holds points on every meridian, e.g. (89.95, -175), 17 km away.
        var box = Geo.BoundingBox(new GeoPoint(89.9, 10), 100);

        box.MaxLatitude.ShouldBe(90);
        box.MinLongitude.ShouldBe(-180);
        box.MaxLongitude.ShouldBe(180);
    }

    [Fact]
    public void ShouldHoldAPointJustAcrossTheAntimeridian_WhenTheCircleCrossesIt()
    {
        // (0, -179.95) is 6.7 km from (0, 179.99): inside a 10 km radius, on the other side of longitude 180.
        var box = Geo.BoundingBox(new GeoPoint(0, 179.99), 10);

        (box.MinLongitude <= -179.95 && -179.95 <= box.MaxLongitude).ShouldBeTrue();
    }
}

using Homelette.Domain.Listings;

namespace Homelette.Domain.UnitTests.Listings;

public sealed class AmenityTests
{
    [Fact]
    public void ShouldRoundTripEverySet_WhenTurnedIntoFlagsAndBack()
    {
        var all = Enum.GetValues<Amenity>();

        all.ToFlags().ToList().ShouldBe(all);
    }

    [Fact]
    public void ShouldMapEachAmenityToTheFlagOfTheSameName()
    {
        foreach (var amenity in Enum.GetValues<Amenity>())
        {
            new[] { amenity }.ToFlags().ToString().ShouldBe(amenity.ToString());
        }
    }

    [Fact]
    public void ShouldGiveOneBitPerAmenity_WhenTurnedIntoFlags() =>
        new[] { Amenity.Wifi, Amenity.Parking, Amenity.PrivateBathroom }.ToFlags()
            .ShouldBe(Amenities.Wifi | Amenities.Parking | Amenities.PrivateBathroom);

    [Fact]
    public void ShouldCollapseDuplicates_WhenTurnedIntoFlags() =>
        new[] { Amenity.Wifi, Amenity.Wifi }.ToFlags().ToList().ShouldBe([Amenity.Wifi]);

    [Fact]
    public void ShouldListInTheSetsOrder_WhenTurnedBackIntoAList() =>
        new[] { Amenity.PetsAllowed, Amenity.Gas, Amenity.Wifi }.ToFlags().ToList().ShouldBe([Amenity.Wifi, Amenity.Gas, Amenity.PetsAllowed]);

    [Fact]
    public void ShouldBeEmpty_WhenNoAmenityIsGiven()
    {
        Array.Empty<Amenity>().ToFlags().ShouldBe(Amenities.None);
        Amenities.None.ToList().ShouldBeEmpty();
    }

    [Fact]
    public void ShouldBeEmpty_WhenTheListIsNull() => ((IEnumerable<Amenity>)null!).ToFlags().ShouldBe(Amenities.None);

    [Theory]
    [InlineData(Amenities.None)]
    [InlineData(Amenities.Wifi)]
    [InlineData(Amenities.Wifi | Amenities.Parking | Amenities.Gas | Amenities.PetsAllowed)]
    [InlineData(Amenities.PrivateBathroom | Amenities.Water)]
    public void ShouldListExactlyTheSetsThatIncludeEveryRequiredAmenity_WhenAskedForSupersets(Amenities required)
    {
        var expected = Enumerable.Range(0, 1 << Enum.GetValues<Amenity>().Length)
            .Select(v => (Amenities)v)
            .Where(v => (v & required) == required);

        var supersets = required.Supersets().ToList();

        supersets.ShouldBe(expected, ignoreOrder: true);
        supersets.ShouldBeUnique();
        supersets[0].ShouldBe(required);
    }

    [Fact]
    public void ShouldBeEveryAmenity_WhenAskedForAll() => AmenityExtensions.All.ToList().ShouldBe(Enum.GetValues<Amenity>());
}

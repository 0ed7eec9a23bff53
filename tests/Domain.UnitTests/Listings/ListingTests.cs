using Homelette.Domain.Common;
using Homelette.Domain.Listings;

namespace Homelette.Domain.UnitTests.Listings;

public sealed class ListingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Ann = Guid.CreateVersion7();
    private static readonly Guid Bob = Guid.CreateVersion7();

    private static ListingDetails Details() => new(
        " Sunny room near campus ",
        " Two minutes from the beach. ",
        950m,
        new DateOnly(2027, 1, 1),
        new DateOnly(2027, 6, 30),
        1,
        Amenities.Wifi | Amenities.Laundry,
        new Address(" 6500 Del Playa Dr ", " B ", " Isla Vista ", "CA", "93117", 34.4133, -119.8610),
        new PropertyDetails(PropertyType.Apartment, 2, 1.5m, 800));

    private static Listing NewListing(params ListingImage[] uploads) => Listing.Create(Ann, Details(), uploads, Now);

    private static int _uploads;

    private static ListingImage Upload(Guid? owner = null)
    {
        var key = $"{Interlocked.Increment(ref _uploads):x32}.png";
        return ListingImage.Upload(owner ?? Ann, key, $"/uploads/{key}", "image/png", Now);
    }

    [Fact]
    public void ShouldStartActiveAtVersion1_WhenCreated()
    {
        var listing = NewListing();

        listing.Status.ShouldBe(ListingStatus.Active);
        listing.Version.ShouldBe(1);
        listing.OwnerId.ShouldBe(Ann);
        listing.CreatedAt.ShouldBe(Now);
        listing.UpdatedAt.ShouldBe(Now);
        listing.ViewCount.ShouldBe(0);
    }

    [Fact]
    public void ShouldGiveATimeOrderedId_WhenCreated()
    {
        var first = NewListing();
        var second = Listing.Create(Ann, Details(), [], Now.AddMilliseconds(5));

        first.Id.Version.ShouldBe(7);
        string.CompareOrdinal(first.Id.ToString(), second.Id.ToString()).ShouldBeLessThan(0);
    }

    [Fact]
    public void ShouldTrimTheTexts_WhenCreated()
    {
        var listing = NewListing();

        listing.Title.ShouldBe("Sunny room near campus");
        listing.Description.ShouldBe("Two minutes from the beach.");
        listing.StreetAddress.ShouldBe("6500 Del Playa Dr");
        listing.AptNumber.ShouldBe("B");
        listing.City.ShouldBe("Isla Vista");
    }

    [Fact]
    public void ShouldStoreNothing_WhenOptionalTextsAreBlank()
    {
        var details = Details() with
        {
            Description = "   ",
            Address = Details().Address with { AptNumber = " " },
        };

        var listing = Listing.Create(Ann, details, [], Now);

        listing.Description.ShouldBeNull();
        listing.AptNumber.ShouldBeNull();
    }

    [Fact]
    public void ShouldKeepTwoDecimals_WhenThePriceHasMore()
    {
        var listing = Listing.Create(Ann, Details() with { Price = 949.999m }, [], Now);

        listing.Price.ShouldBe(950.00m);
    }

    [Fact]
    public void ShouldCutTimesToMicroseconds_WhenCreated()
    {
        var now = Now.AddTicks(1234567);

        var listing = Listing.Create(Ann, Details(), [], now);

        listing.CreatedAt.ShouldBe(Now.AddTicks(1234560));
    }

    [Fact]
    public void ShouldExposeTheDetailsItWasGiven_WhenReadBack()
    {
        var listing = NewListing();

        listing.Details.ShouldBe(Details() with
        {
            Title = "Sunny room near campus",
            Description = "Two minutes from the beach.",
            Address = new Address("6500 Del Playa Dr", "B", "Isla Vista", "CA", "93117", 34.4133, -119.8610),
        });
    }

    [Fact]
    public void ShouldRefuseNamingTheEndDate_WhenCreatedWithReversedDates()
    {
        var details = Details() with { StartDate = new DateOnly(2027, 6, 30), EndDate = new DateOnly(2027, 1, 1) };

        var exception = Should.Throw<DomainRuleException>(() => Listing.Create(Ann, details, [], Now));

        exception.Field.ShouldBe("listing.end_date");
    }

    [Fact]
    public void ShouldAccept_WhenTheListingStartsAndEndsOnTheSameDay()
    {
        var details = Details() with { StartDate = new DateOnly(2027, 1, 1), EndDate = new DateOnly(2027, 1, 1) };

        Should.NotThrow(() => Listing.Create(Ann, details, [], Now));
    }

    [Theory]
    [InlineData(34.4, null)]
    [InlineData(null, -119.8)]
    public void ShouldRefuseNamingTheLongitude_WhenOnlyOneCoordinateIsGiven(double? latitude, double? longitude)
    {
        var details = Details() with { Address = Details().Address with { Latitude = latitude, Longitude = longitude } };

        var exception = Should.Throw<DomainRuleException>(() => Listing.Create(Ann, details, [], Now));

        exception.Field.ShouldBe("address.longitude");
    }

    [Fact]
    public void ShouldAccept_WhenNeitherCoordinateIsGiven()
    {
        var details = Details() with { Address = Details().Address with { Latitude = null, Longitude = null } };

        var listing = Listing.Create(Ann, details, [], Now);

        listing.Latitude.ShouldBeNull();
        listing.Longitude.ShouldBeNull();
    }

    [Fact]
    public void ShouldReplaceTheDetailsAndRaiseTheVersion_WhenUpdated()
    {
        var listing = NewListing();
        var later = Now.AddHours(1);

        listing.Update(listing.Details with { Price = 1100m, Roommates = 0 }, later);

        listing.Price.ShouldBe(1100m);
        listing.Roommates.ShouldBe(0);
        listing.Title.ShouldBe("Sunny room near campus");
        listing.Version.ShouldBe(2);
        listing.UpdatedAt.ShouldBe(later);
        listing.CreatedAt.ShouldBe(Now);
    }

    [Fact]
    public void ShouldRefuseAndChangeNothing_WhenUpdatedWithReversedDates()
    {
        var listing = NewListing();
        var before = listing.Details;

        var exception = Should.Throw<DomainRuleException>(() =>
            listing.Update(listing.Details with { Price = 1m, EndDate = new DateOnly(2026, 12, 1) }, Now.AddHours(1)));

        exception.Field.ShouldBe("listing.end_date");
        listing.Details.ShouldBe(before);
        listing.Version.ShouldBe(1);
        listing.UpdatedAt.ShouldBe(Now);
    }

    [Fact]
    public void ShouldRefuseAndChangeNothing_WhenUpdatedWithALatitudeButNoLongitude()
    {
        var listing = Listing.Create(Ann, Details() with { Address = Details().Address with { Latitude = null, Longitude = null } }, [], Now);

        Should.Throw<DomainRuleException>(() =>
            listing.Update(listing.Details with { Address = listing.Address with { Latitude = 34.4 } }, Now.AddHours(1)));

        listing.Latitude.ShouldBeNull();
        listing.Version.ShouldBe(1);
    }

    [Fact]
    public void ShouldChangeTheStatusAndRaiseTheVersion_WhenTheStatusIsSet()
    {
        var listing = NewListing();

        listing.SetStatus(ListingStatus.Rented, Now.AddHours(1));

        listing.Status.ShouldBe(ListingStatus.Rented);
        listing.Version.ShouldBe(2);
        listing.UpdatedAt.ShouldBe(Now.AddHours(1));
    }

    [Fact]
    public void ShouldAttachUploadsInOrder_WhenCreatedWithThem()
    {
        var first = Upload();
        var second = Upload();

        var listing = NewListing(first, second);

        listing.Images.ShouldBe([first, second]);
        listing.Images.Select(i => i.Position).ShouldBe([0, 1]);
        first.ListingId.ShouldBe(listing.Id);
        listing.CoverImageUrl.ShouldBe(first.Url);
        listing.Version.ShouldBe(1);
    }

    [Fact]
    public void ShouldHaveNoCover_WhenCreatedWithoutPhotos() => NewListing().CoverImageUrl.ShouldBeNull();

    [Fact]
    public void ShouldPutTheNewPhotoLastAndRaiseTheVersion_WhenAPhotoIsAdded()
    {
        var first = Upload();
        var listing = NewListing(first);
        var added = Upload();

        listing.AddImage(added, Now.AddHours(1));

        listing.Images.ShouldBe([first, added]);
        added.Position.ShouldBe(1);
        listing.CoverImageUrl.ShouldBe(first.Url);
        listing.Version.ShouldBe(2);
    }

    [Fact]
    public void ShouldBecomeTheCover_WhenTheFirstPhotoIsAdded()
    {
        var listing = NewListing();
        var added = Upload();

        listing.AddImage(added, Now);

        listing.CoverImageUrl.ShouldBe(added.Url);
    }

    [Fact]
    public void ShouldKeepOneCopy_WhenTheSamePhotoIsAddedTwice()
    {
        var photo = Upload();
        var listing = NewListing(photo);

        listing.AddImage(photo, Now.AddHours(1));

        listing.Images.ShouldHaveSingleItem();
    }

    [Fact]
    public void ShouldRefuseNamingImageUrls_WhenAddingSomeoneElsesUpload()
    {
        var listing = NewListing();

        var exception = Should.Throw<DomainRuleException>(() => listing.AddImage(Upload(Bob), Now));

        exception.Field.ShouldBe("image_urls");
        listing.Images.ShouldBeEmpty();
    }

    [Fact]
    public void ShouldRefuse_WhenThePhotoAlreadyBelongsToAnotherListing()
    {
        var photo = Upload();
        NewListing(photo);
        var other = NewListing();

        Should.Throw<DomainRuleException>(() => other.AddImage(photo, Now));

        other.Images.ShouldBeEmpty();
    }

    [Fact]
    public void ShouldRefuseAConflict_WhenAdding21stPhoto()
    {
        var listing = NewListing([.. Enumerable.Range(0, ListingConstraints.ImagesMax).Select(_ => Upload())]);

        Should.Throw<DomainConflictException>(() => listing.AddImage(Upload(), Now.AddHours(1)));

        listing.Images.Count.ShouldBe(20);
        listing.Version.ShouldBe(1);
    }

    [Fact]
    public void ShouldRefuseAConflict_WhenCreatedWith21Uploads() =>
        Should.Throw<DomainConflictException>(() => NewListing([.. Enumerable.Range(0, 21).Select(_ => Upload())]));

    [Fact]
    public void ShouldCloseRanksAndMoveTheCover_WhenTheFirstPhotoIsRemoved()
    {
        var first = Upload();
        var second = Upload();
        var third = Upload();
        var listing = NewListing(first, second, third);

        var removed = listing.RemoveImage(first.Id, Now.AddHours(1));

        removed.ShouldBe(first);
        listing.Images.ShouldBe([second, third]);
        listing.Images.Select(i => i.Position).ShouldBe([0, 1]);
        listing.CoverImageUrl.ShouldBe(second.Url);
        listing.Version.ShouldBe(2);
    }

    [Fact]
    public void ShouldClearTheCover_WhenTheOnlyPhotoIsRemoved()
    {
        var only = Upload();
        var listing = NewListing(only);

        listing.RemoveImage(only.Id, Now);

        listing.CoverImageUrl.ShouldBeNull();
    }

    [Fact]
    public void ShouldReturnNullAndChangeNothing_WhenRemovingAPhotoTheListingDoesNotHave()
    {
        var listing = NewListing(Upload());

        var removed = listing.RemoveImage(Guid.CreateVersion7(), Now.AddHours(1));

        removed.ShouldBeNull();
        listing.Images.Count.ShouldBe(1);
        listing.Version.ShouldBe(1);
    }

    [Fact]
    public void ShouldFollowTheGivenOrderAndMoveTheCover_WhenPhotosAreReordered()
    {
        var first = Upload();
        var second = Upload();
        var third = Upload();
        var listing = NewListing(first, second, third);

        listing.ReorderImages([third.Id, first.Id, second.Id], Now.AddHours(1));

        listing.Images.ShouldBe([third, first, second]);
        listing.Images.Select(i => i.Position).ShouldBe([0, 1, 2]);
        listing.CoverImageUrl.ShouldBe(third.Url);
        listing.Version.ShouldBe(2);
    }

    public static TheoryData<string> BadOrders() => ["missing", "duplicate", "foreign", "extra", "empty"];

    [Theory]
    [MemberData(nameof(BadOrders))]
    public void ShouldRefuseNamingImageIdsAndKeepTheOrder_WhenTheOrderDoesNotListEveryPhotoOnce(string mistake)
    {
        var first = Upload();
        var second = Upload();
        var listing = NewListing(first, second);
        Guid[] order = mistake switch
        {
            "missing" => [second.Id],
            "duplicate" => [second.Id, second.Id],
            "foreign" => [second.Id, Guid.CreateVersion7()],
            "extra" => [second.Id, first.Id, Guid.CreateVersion7()],
            _ => [],
        };

        var exception = Should.Throw<DomainRuleException>(() => listing.ReorderImages(order, Now.AddHours(1)));

        exception.Field.ShouldBe("image_ids");
        listing.Images.ShouldBe([first, second]);
        listing.CoverImageUrl.ShouldBe(first.Url);
        listing.Version.ShouldBe(1);
    }

    [Fact]
    public void ShouldTellTheOwner_WhenSomeoneSavesTheListing()
    {
        var listing = NewListing();

        var favorite = Favorite.Save(listing, Bob, Now);

        favorite.UserId.ShouldBe(Bob);
        favorite.ListingId.ShouldBe(listing.Id);
        var raised = favorite.DomainEvents.ShouldHaveSingleItem().ShouldBeOfType<ListingFavoritedEvent>();
        raised.ShouldBe(new ListingFavoritedEvent(listing.Id, Ann, Bob, Now));
    }
}

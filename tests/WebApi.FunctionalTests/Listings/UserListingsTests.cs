using Homelette.Client;
using Homelette.WebApi.FunctionalTests.Infrastructure;

namespace Homelette.WebApi.FunctionalTests.Listings;

public sealed class UserListingsTests(WebApiFactory factory) : ListingTestBase(factory)
{
    private sealed record Portfolio(Guid Active, Guid Rented, Guid Archived);

    private static async Task<Portfolio> PortfolioOfAsync(SignedInUser owner)
    {
        var active = await CreateListingAsync(owner);
        var rented = await CreateListingAsync(owner);
        var archived = await CreateListingAsync(owner);
        await ListingsOf(owner).SetListingStatusAsync(rented.Id, new ListingStatusInput { Status = ListingStatus.Rented });
        await ListingsOf(owner).SetListingStatusAsync(archived.Id, new ListingStatusInput { Status = ListingStatus.Archived });
        return new Portfolio(active.Id, rented.Id, archived.Id);
    }

    [Fact]
    public async Task ShouldShowOnlyActiveListings_WhenSomeoneElseLooks()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var portfolio = await PortfolioOfAsync(ann);

        var page = await bob.Users.ListUserListingsAsync(ann.Id);

        page.Items.Select(i => i.Id).ShouldBe([portfolio.Active]);
    }

    [Fact]
    public async Task ShouldShowOnlyActiveListings_WhenAnonymousLooks()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var portfolio = await PortfolioOfAsync(ann);

        var page = await new UsersClient(Factory.CreateClient()).ListUserListingsAsync(ann.Id);

        page.Items.Select(i => i.Id).ShouldBe([portfolio.Active]);
    }

    [Fact]
    public async Task ShouldShowAllYourListingsNewestFirst_WhenYouLookAtYourOwn()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var portfolio = await PortfolioOfAsync(ann);

        var page = await ann.Users.ListUserListingsAsync(ann.Id);

        page.Items.Select(i => i.Id).ShouldBe([portfolio.Archived, portfolio.Rented, portfolio.Active]);
    }

    [Fact]
    public async Task ShouldNotShowOtherUsersListings_WhenListingOneUser()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var annsListing = await CreateListingAsync(ann);
        await CreateListingAsync(bob);

        var page = await bob.Users.ListUserListingsAsync(ann.Id);

        page.Items.Select(i => i.Id).ShouldBe([annsListing.Id]);
    }

    [Fact]
    public async Task ShouldVisitEveryListingOnce_WhenWalkingPagesOfOne()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var created = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            created.Insert(0, (await CreateListingAsync(ann)).Id);
        }

        var walked = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await ann.Users.ListUserListingsAsync(ann.Id, limit: 1, cursor: cursor);
            walked.AddRange(page.Items.Select(i => i.Id));
            cursor = page.Next_cursor;
        }
        while (cursor is not null && walked.Count < 10);

        walked.ShouldBe(created);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1000)]
    public async Task ShouldAnswer400NamingLimit_WhenTheLimitIsOutOfRange(int limit)
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");

        var ex = await ShouldFailAsync(() => ann.Users.ListUserListingsAsync(ann.Id, limit: limit), 400);

        ErrorFields(ex).ShouldBe(["limit"]);
    }

    [Fact]
    public async Task ShouldAnswer400NamingCursor_WhenTheCursorIsTampered()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");

        var ex = await ShouldFailAsync(() => ann.Users.ListUserListingsAsync(ann.Id, cursor: "eyJpZCI6IngifQ.AAAAAAAAAAAAAAAAAAAAAA"), 400);

        ErrorFields(ex).ShouldBe(["cursor"]);
    }
}

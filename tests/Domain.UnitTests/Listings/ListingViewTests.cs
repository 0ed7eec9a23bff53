using Homelette.Domain.Listings;

namespace Homelette.Domain.UnitTests.Listings;

public sealed class ListingViewTests
{
    private static readonly DateTimeOffset Counted = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static ListingView View() => new(Guid.CreateVersion7(), Guid.CreateVersion7(), Counted);

    [Theory]
    [InlineData(0)]
    [InlineData(60)]
    [InlineData((24 * 60) - 1)]
    public void ShouldNotCountAgainAndKeepTheTime_WhenWithin24Hours(int minutesLater)
    {
        var view = View();

        view.TryCountAgain(Counted.AddMinutes(minutesLater)).ShouldBeFalse();

        view.CountedAt.ShouldBe(Counted);
    }

    [Theory]
    [InlineData(24 * 60)]
    [InlineData(25 * 60)]
    public void ShouldCountAgainAndMoveTheTime_WhenTheWindowHasPassed(int minutesLater)
    {
        var view = View();
        var now = Counted.AddMinutes(minutesLater);

        view.TryCountAgain(now).ShouldBeTrue();

        view.CountedAt.ShouldBe(now);
    }

    [Fact]
    public void ShouldStartANewWindow_WhenCountedAgain()
    {
        var view = View();
        view.TryCountAgain(Counted.AddHours(25));

        view.TryCountAgain(Counted.AddHours(30)).ShouldBeFalse();
    }
}

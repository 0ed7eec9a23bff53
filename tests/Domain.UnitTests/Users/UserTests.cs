using Homelette.Domain.Users;

namespace Homelette.Domain.UnitTests.Users;

public sealed class UserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static User Ann() => User.Register(" Ann@Example.EDU ", " Ann ", "Lee", "Physics", 2027, "Hello", Now);

    [Fact]
    public void ShouldTrimAndNormalizeTheEmail_WhenRegistering()
    {
        var user = Ann();

        user.Email.ShouldBe("Ann@Example.EDU");
        user.NormalizedEmail.ShouldBe("ANN@EXAMPLE.EDU");
        user.FirstName.ShouldBe("Ann");
    }

    [Fact]
    public void ShouldGiveTimeOrderedIds()
    {
        var first = User.Register("a@x.edu", "A", "A", null, null, null, Now);
        var second = User.Register("b@x.edu", "B", "B", null, null, null, Now.AddMilliseconds(5));

        first.Id.Version.ShouldBe(7);
        string.CompareOrdinal(first.Id.ToString(), second.Id.ToString()).ShouldBeLessThan(0);
    }

    [Fact]
    public void ShouldLeaveFieldsAlone_WhenAPartialUpdateOmitsThem()
    {
        var user = Ann();

        user.UpdateProfile(new ProfileChanges(LastName: "Park"), Now.AddDays(1));

        user.FirstName.ShouldBe("Ann");
        user.LastName.ShouldBe("Park");
        user.Major.ShouldBe("Physics");
        user.GraduationYear.ShouldBe(2027);
        user.AboutMe.ShouldBe("Hello");
        user.UpdatedAt.ShouldBe(Now.AddDays(1));
        user.CreatedAt.ShouldBe(Now);
    }

    [Fact]
    public void ShouldClearOptionalText_WhenUpdatedWithAnEmptyString()
    {
        var user = Ann();

        user.UpdateProfile(new ProfileChanges(Major: "", AboutMe: "  "), Now);

        user.Major.ShouldBeNull();
        user.AboutMe.ShouldBeNull();
    }

    [Fact]
    public void ShouldHideOnlineStatus_WhenTheUserAsks()
    {
        var user = Ann();

        user.UpdateProfile(new ProfileChanges(ShowOnlineStatus: false), Now);

        user.ShowOnlineStatus.ShouldBeFalse();
    }

    [Fact]
    public void ShouldRefuseAnEmptyPasswordHash()
    {
        var user = Ann();

        Should.Throw<ArgumentException>(() => user.SetPasswordHash(" ", Now));
    }

    [Fact]
    public void ShouldKeepTimesToTheMicrosecond_AsTheDatabaseDoes()
    {
        var user = User.Register("a@x.edu", "A", "A", null, null, null, Now.AddTicks(1234567));

        (user.CreatedAt.Ticks % 10).ShouldBe(0);
        user.CreatedAt.ShouldBe(Now.AddTicks(1234560));
    }
}

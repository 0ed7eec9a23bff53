using FluentValidation.TestHelper;
using Homelette.Application.Users.Commands.RegisterUser;

namespace Homelette.Application.UnitTests.Users;

public sealed class RegisterUserCommandValidatorTests
{
    private readonly RegisterUserCommandValidator _validator = new();

    private static RegisterUserCommand Valid() => new("ann@example.edu", "long enough", "Ann", "Lee", "Physics", 2027, "Hi");

    [Fact]
    public void ShouldPass_WhenEveryFieldIsValid() => _validator.TestValidate(Valid()).ShouldNotHaveAnyValidationErrors();

    [Theory]
    [InlineData("")]
    [InlineData("not-an-email")]
    public void ShouldFail_WhenTheEmailIsNotAnEmail(string email) =>
        _validator.TestValidate(Valid() with { Email = email }).ShouldHaveValidationErrorFor(c => c.Email);

    [Fact]
    public void ShouldFail_WhenTheEmailIsLongerThan254() =>
        _validator.TestValidate(Valid() with { Email = new string('a', 250) + "@x.edu" }).ShouldHaveValidationErrorFor(c => c.Email);

    [Theory]
    [InlineData(7, true)]
    [InlineData(8, false)]
    [InlineData(128, false)]
    [InlineData(129, true)]
    public void ShouldAcceptPasswordsOf8To128Characters(int length, bool fails)
    {
        var result = _validator.TestValidate(Valid() with { Password = new string('p', length) });

        result.Errors.Any(e => e.PropertyName == nameof(RegisterUserCommand.Password)).ShouldBe(fails);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void ShouldFail_WhenANameIsBlank(string name)
    {
        var result = _validator.TestValidate(Valid() with { FirstName = name, LastName = name });

        result.ShouldHaveValidationErrorFor(c => c.FirstName);
        result.ShouldHaveValidationErrorFor(c => c.LastName);
    }

    [Fact]
    public void ShouldFail_WhenANameIsLongerThan50() =>
        _validator.TestValidate(Valid() with { FirstName = new string('n', 51) }).ShouldHaveValidationErrorFor(c => c.FirstName);

    [Fact]
    public void ShouldFail_WhenTheMajorIsLongerThan100() =>
        _validator.TestValidate(Valid() with { Major = new string('m', 101) }).ShouldHaveValidationErrorFor(c => c.Major);

    [Theory]
    [InlineData(1949, true)]
    [InlineData(1950, false)]
    [InlineData(2100, false)]
    [InlineData(2101, true)]
    public void ShouldAcceptGraduationYearsFrom1950To2100(int year, bool fails)
    {
        var result = _validator.TestValidate(Valid() with { GraduationYear = year });

        result.Errors.Any(e => e.PropertyName == nameof(RegisterUserCommand.GraduationYear)).ShouldBe(fails);
    }

    [Fact]
    public void ShouldFail_WhenAboutMeIsLongerThan2000() =>
        _validator.TestValidate(Valid() with { AboutMe = new string('a', 2001) }).ShouldHaveValidationErrorFor(c => c.AboutMe);
}

using FluentValidation.TestHelper;
using Homelette.Application.Auth.Commands.Login;

namespace Homelette.Application.UnitTests.Auth;

public sealed class LoginCommandValidatorTests
{
    private readonly LoginCommandValidator _validator = new();

    [Fact]
    public void ShouldFail_WhenEmailOrPasswordIsEmpty()
    {
        var result = _validator.TestValidate(new LoginCommand("", ""));

        result.ShouldHaveValidationErrorFor(c => c.Email);
        result.ShouldHaveValidationErrorFor(c => c.Password);
    }

    [Fact]
    public void ShouldFail_WhenThePasswordIsLongerThan128() =>
        _validator.TestValidate(new LoginCommand("ann@example.edu", new string('p', 129))).ShouldHaveValidationErrorFor(c => c.Password);

    [Fact]
    public void ShouldPass_WhenBothAreGiven() =>
        _validator.TestValidate(new LoginCommand("ann@example.edu", "whatever")).ShouldNotHaveAnyValidationErrors();
}

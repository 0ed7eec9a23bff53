using FluentValidation.TestHelper;
using Homelette.Application.Auth.Commands.ChangePassword;

namespace Homelette.Application.UnitTests.Auth;

public sealed class ChangePasswordCommandValidatorTests
{
    private readonly ChangePasswordCommandValidator _validator = new();

    [Fact]
    public void ShouldFail_WhenTheNewPasswordEqualsTheCurrentOne() =>
        _validator.TestValidate(new ChangePasswordCommand("same password", "same password")).ShouldHaveValidationErrorFor(c => c.NewPassword);

    [Fact]
    public void ShouldFail_WhenTheNewPasswordIsTooShort() =>
        _validator.TestValidate(new ChangePasswordCommand("old password", "short")).ShouldHaveValidationErrorFor(c => c.NewPassword);

    [Fact]
    public void ShouldPass_WhenTheNewPasswordIsLongEnoughAndDifferent() =>
        _validator.TestValidate(new ChangePasswordCommand("old password", "new password")).ShouldNotHaveAnyValidationErrors();
}

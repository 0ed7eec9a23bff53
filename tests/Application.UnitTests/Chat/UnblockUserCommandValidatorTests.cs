using FluentValidation.TestHelper;
using Homelette.Application.Chat.Blocks;

namespace Homelette.Application.UnitTests.Chat;

public sealed class UnblockUserCommandValidatorTests
{
    private readonly UnblockUserCommandValidator _validator = new();

    [Fact]
    public void ShouldPass_WhenAUserIsNamed() =>
        _validator.TestValidate(new UnblockUserCommand(Guid.CreateVersion7())).ShouldNotHaveAnyValidationErrors();

    [Fact]
    public void ShouldFail_WhenTheUserIdIsEmpty() =>
        _validator.TestValidate(new UnblockUserCommand(Guid.Empty)).ShouldHaveValidationErrorFor(c => c.UserId);
}

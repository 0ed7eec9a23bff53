using FluentValidation.TestHelper;
using Homelette.Application.Chat.Blocks;

namespace Homelette.Application.UnitTests.Chat;

public sealed class BlockUserCommandValidatorTests
{
    private readonly BlockUserCommandValidator _validator = new();

    [Fact]
    public void ShouldPass_WhenAUserIsNamed() =>
        _validator.TestValidate(new BlockUserCommand(Guid.CreateVersion7())).ShouldNotHaveAnyValidationErrors();

    [Fact]
    public void ShouldFail_WhenTheUserIdIsEmpty() =>
        _validator.TestValidate(new BlockUserCommand(Guid.Empty)).ShouldHaveValidationErrorFor(c => c.UserId);
}

using FluentValidation.TestHelper;
using Homelette.Application.Chat.Blocks;

namespace Homelette.Application.UnitTests.Chat;

public sealed class ListBlockedUsersQueryValidatorTests
{
    private readonly ListBlockedUsersQueryValidator _validator = new();

    [Fact]
    public void ShouldPass_WhenNothingIsGiven() =>
        _validator.TestValidate(new ListBlockedUsersQuery()).ShouldNotHaveAnyValidationErrors();

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    public void ShouldPass_WhenTheLimitIsWithin1To100(int limit) =>
        _validator.TestValidate(new ListBlockedUsersQuery(limit)).ShouldNotHaveAnyValidationErrors();

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(101)]
    public void ShouldFail_WhenTheLimitIsOutOf1To100(int limit) =>
        _validator.TestValidate(new ListBlockedUsersQuery(limit)).ShouldHaveValidationErrorFor(q => q.Limit);

    [Fact]
    public void ShouldFail_WhenTheCursorIsLongerThan512() =>
        _validator.TestValidate(new ListBlockedUsersQuery(Cursor: new string('c', 513))).ShouldHaveValidationErrorFor(q => q.Cursor);
}

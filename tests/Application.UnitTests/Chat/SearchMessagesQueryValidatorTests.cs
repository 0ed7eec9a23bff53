using FluentValidation.TestHelper;
using Homelette.Application.Chat.Messages;

namespace Homelette.Application.UnitTests.Chat;

public sealed class SearchMessagesQueryValidatorTests
{
    private readonly SearchMessagesQueryValidator _validator = new();

    private TestValidationResult<SearchMessagesQuery> Validate(SearchMessagesQuery query) => _validator.TestValidate(query);

    [Fact]
    public void ShouldPass_WhenOnlyTheSearchTextIsGiven() =>
        Validate(new SearchMessagesQuery("deposit")).ShouldNotHaveAnyValidationErrors();

    [Fact]
    public void ShouldPass_WhenEveryParameterIsValid() =>
        Validate(new SearchMessagesQuery("deposit lease", Guid.CreateVersion7(), Guid.CreateVersion7(), 100, "cursor"))
            .ShouldNotHaveAnyValidationErrors();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void ShouldFail_WhenTheSearchTextIsMissingOrBlank(string? q) =>
        Validate(new SearchMessagesQuery(q)).ShouldHaveValidationErrorFor(s => s.Q);

    [Fact]
    public void ShouldFail_WhenTheSearchTextIsLongerThan200() =>
        Validate(new SearchMessagesQuery(new string('q', 201))).ShouldHaveValidationErrorFor(s => s.Q);

    [Theory]
    [InlineData(1)]
    [InlineData(200)]
    public void ShouldPass_WhenTheSearchTextHas1To200Characters(int length) =>
        Validate(new SearchMessagesQuery(new string('q', length))).ShouldNotHaveAnyValidationErrors();

    [Fact]
    public void ShouldFail_WhenTheConversationIdIsEmpty() =>
        Validate(new SearchMessagesQuery("rent", ConversationId: Guid.Empty)).ShouldHaveValidationErrorFor(s => s.ConversationId);

    [Fact]
    public void ShouldFail_WhenTheOtherUsersIdIsEmpty() =>
        Validate(new SearchMessagesQuery("rent", WithUserId: Guid.Empty)).ShouldHaveValidationErrorFor(s => s.WithUserId);

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void ShouldFail_WhenTheLimitIsOutOf1To100(int limit) =>
        Validate(new SearchMessagesQuery("rent", Limit: limit)).ShouldHaveValidationErrorFor(s => s.Limit);

    [Fact]
    public void ShouldFail_WhenTheCursorIsLongerThan512() =>
        Validate(new SearchMessagesQuery("rent", Cursor: new string('c', 513))).ShouldHaveValidationErrorFor(s => s.Cursor);
}

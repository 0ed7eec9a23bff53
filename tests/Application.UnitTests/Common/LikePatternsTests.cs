using Homelette.Application.Common.Text;

namespace Homelette.Application.UnitTests.Common;

public sealed class LikePatternsTests
{
    [Fact]
    public void ShouldWrapTheTextInWildcards_WhenItHasNoSpecialCharacters() =>
        LikePatterns.Containing("lease").ShouldBe("%lease%");

    [Theory]
    [InlineData("100%", @"%100\%%")]
    [InlineData("flat_4b", @"%flat\_4b%")]
    [InlineData(@"a\b", @"%a\\b%")]
    [InlineData(@"\%_", @"%\\\%\_%")]
    public void ShouldEscapeWildcardsAndTheEscapeCharacter_WhenTheTextHasThem(string text, string pattern) =>
        LikePatterns.Containing(text).ShouldBe(pattern);

    [Fact]
    public void ShouldUseABackslashAsTheEscapeCharacter() => LikePatterns.Escape.ShouldBe(@"\");
}

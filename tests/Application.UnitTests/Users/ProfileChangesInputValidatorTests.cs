using FluentValidation.TestHelper;
using Homelette.Application.Users.Commands.UpdateProfile;

namespace Homelette.Application.UnitTests.Users;

public sealed class ProfileChangesInputValidatorTests
{
    private readonly ProfileChangesInputValidator _validator = new();

    [Fact]
    public void ShouldPass_WhenNothingIsSent() => _validator.TestValidate(new ProfileChangesInput()).ShouldNotHaveAnyValidationErrors();

    [Fact]
    public void ShouldFail_WhenANameIsSentBlank() =>
        _validator.TestValidate(new ProfileChangesInput { FirstName = " " }).ShouldHaveValidationErrorFor(c => c.FirstName);

    [Theory]
    [InlineData("https://cdn.example.edu/ann.jpg", false)]
    [InlineData("/uploads/ann.jpg", false)]
    [InlineData("", false)]
    [InlineData("javascript:alert(1)", true)]
    [InlineData("file:///etc/passwd", true)]
    [InlineData("ann.jpg", true)]
    public void ShouldOnlyAcceptWebOrUploadUrls_ForTheProfilePicture(string url, bool fails)
    {
        var result = _validator.TestValidate(new ProfileChangesInput { ProfilePictureUrl = url });

        result.Errors.Any(e => e.PropertyName == nameof(ProfileChangesInput.ProfilePictureUrl)).ShouldBe(fails);
    }
}

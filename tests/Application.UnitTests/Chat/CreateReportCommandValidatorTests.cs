using FluentValidation.TestHelper;
using Homelette.Application.Chat.Reports;
using Homelette.Domain.Chat;

namespace Homelette.Application.UnitTests.Chat;

public sealed class CreateReportCommandValidatorTests
{
    private readonly CreateReportCommandValidator _validator = new();

    private static CreateReportCommand Valid() => new()
    {
        TargetType = ReportTarget.Listing,
        TargetId = Guid.CreateVersion7(),
        Reason = "The photos are of another flat.",
    };

    private TestValidationResult<CreateReportCommand> Validate(CreateReportCommand command) => _validator.TestValidate(command);

    [Theory]
    [InlineData(ReportTarget.User)]
    [InlineData(ReportTarget.Listing)]
    [InlineData(ReportTarget.Message)]
    public void ShouldPass_WhenEveryFieldIsValid(ReportTarget type) =>
        Validate(Valid() with { TargetType = type }).ShouldNotHaveAnyValidationErrors();

    [Fact]
    public void ShouldFail_WhenTheTargetTypeIsMissing() =>
        Validate(Valid() with { TargetType = null }).ShouldHaveValidationErrorFor(c => c.TargetType);

    [Fact]
    public void ShouldFail_WhenTheTargetTypeIsNotOneOfTheKnownKinds() =>
        Validate(Valid() with { TargetType = (ReportTarget)7 }).ShouldHaveValidationErrorFor(c => c.TargetType);

    [Fact]
    public void ShouldFail_WhenTheTargetIdIsMissing() =>
        Validate(Valid() with { TargetId = null }).ShouldHaveValidationErrorFor(c => c.TargetId);

    [Fact]
    public void ShouldFail_WhenTheTargetIdIsEmpty() =>
        Validate(Valid() with { TargetId = Guid.Empty }).ShouldHaveValidationErrorFor(c => c.TargetId);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void ShouldFail_WhenTheReasonIsMissingOrBlank(string? reason) =>
        Validate(Valid() with { Reason = reason }).ShouldHaveValidationErrorFor(c => c.Reason);

    [Fact]
    public void ShouldFail_WhenTheReasonIsLongerThan1000() =>
        Validate(Valid() with { Reason = new string('r', ChatConstraints.ReportReasonMaxLength + 1) }).ShouldHaveValidationErrorFor(c => c.Reason);

    [Theory]
    [InlineData(1)]
    [InlineData(ChatConstraints.ReportReasonMaxLength)]
    public void ShouldPass_WhenTheReasonHas1To1000Characters(int length) =>
        Validate(Valid() with { Reason = new string('r', length) }).ShouldNotHaveAnyValidationErrors();
}

using FluentValidation;
using Homelette.Domain.Users;

namespace Homelette.Application.Users.Commands.UpdateProfile;

public sealed class UpdateProfileCommandValidator : AbstractValidator<UpdateProfileCommand>
{
    public UpdateProfileCommandValidator() => RuleFor(c => c.Body).NotNull().SetValidator(new ProfileChangesInputValidator());
}

public sealed class ProfileChangesInputValidator : AbstractValidator<ProfileChangesInput>
{
    public ProfileChangesInputValidator()
    {
        RuleFor(c => c.FirstName).ValidName().When(c => c.FirstName is not null);
        RuleFor(c => c.LastName).ValidName().When(c => c.LastName is not null);
        RuleFor(c => c.Major).MaximumLength(UserConstraints.MajorMaxLength);
        RuleFor(c => c.GraduationYear).ValidGraduationYear();
        RuleFor(c => c.AboutMe).MaximumLength(UserConstraints.AboutMeMaxLength);
        RuleFor(c => c.ProfilePictureUrl).ValidProfilePictureUrl();
    }
}

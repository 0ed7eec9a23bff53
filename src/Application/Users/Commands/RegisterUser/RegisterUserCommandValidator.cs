using FluentValidation;
using Homelette.Domain.Users;

namespace Homelette.Application.Users.Commands.RegisterUser;

public sealed class RegisterUserCommandValidator : AbstractValidator<RegisterUserCommand>
{
    public RegisterUserCommandValidator()
    {
        RuleFor(c => c.Email).ValidEmail();
        RuleFor(c => c.Password).ValidPassword();
        RuleFor(c => c.FirstName).ValidName();
        RuleFor(c => c.LastName).ValidName();
        RuleFor(c => c.Major).MaximumLength(UserConstraints.MajorMaxLength);
        RuleFor(c => c.GraduationYear).ValidGraduationYear();
        RuleFor(c => c.AboutMe).MaximumLength(UserConstraints.AboutMeMaxLength);
    }
}

using FluentValidation;
using Homelette.Application.Users;
using Homelette.Domain.Users;

namespace Homelette.Application.Auth.Commands.ChangePassword;

public sealed class ChangePasswordCommandValidator : AbstractValidator<ChangePasswordCommand>
{
    public ChangePasswordCommandValidator()
    {
        RuleFor(c => c.CurrentPassword).NotEmpty().MaximumLength(UserConstraints.PasswordMaxLength);
        RuleFor(c => c.NewPassword).ValidPassword()
            .NotEqual(c => c.CurrentPassword).WithMessage("The new password must differ from the current one.");
    }
}

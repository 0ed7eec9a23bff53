using FluentValidation;
using Homelette.Domain.Users;

namespace Homelette.Application.Auth.Commands.Login;

public sealed class LoginCommandValidator : AbstractValidator<LoginCommand>
{
    public LoginCommandValidator()
    {
        RuleFor(c => c.Email).NotEmpty().MaximumLength(UserConstraints.EmailMaxLength);
        RuleFor(c => c.Password).NotEmpty().MaximumLength(UserConstraints.PasswordMaxLength);
    }
}

using FluentValidation;

namespace Homelette.Application.Presence.Commands.ConnectUser;

public sealed class ConnectUserCommandValidator : AbstractValidator<ConnectUserCommand>
{
    public ConnectUserCommandValidator() => RuleFor(c => c.ConnectionId).NotEmpty().MaximumLength(200);
}

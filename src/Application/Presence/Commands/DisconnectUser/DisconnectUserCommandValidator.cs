using FluentValidation;

namespace Homelette.Application.Presence.Commands.DisconnectUser;

public sealed class DisconnectUserCommandValidator : AbstractValidator<DisconnectUserCommand>
{
    public DisconnectUserCommandValidator() => RuleFor(c => c.ConnectionId).NotEmpty().MaximumLength(200);
}

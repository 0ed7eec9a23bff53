using FluentValidation;
using FluentValidation.Results;
using Homelette.Application.Common.Exceptions;
using Homelette.Application.Common.Interfaces;
using Homelette.Application.Common.Security;
using Mediator;

namespace Homelette.Application.Auth.Commands.ChangePassword;

public sealed record ChangePasswordCommand(string CurrentPassword, string NewPassword) : ICommand;

public sealed class ChangePasswordCommandHandler(
    IAppDbContext db,
    ICurrentUser currentUser,
    IPasswordHasher hasher,
    TimeProvider clock) : ICommandHandler<ChangePasswordCommand>
{
    public async ValueTask<Unit> Handle(ChangePasswordCommand command, CancellationToken cancellationToken)
    {
        var userId = currentUser.RequireId();
        var user = await db.Users.FindAsync([userId], cancellationToken)
            ?? throw new NotFoundException("User", userId);
        if (await hasher.VerifyAsync(user.PasswordHash, command.CurrentPassword, cancellationToken) == PasswordCheck.Failed)
        {
            throw new ValidationException(
                [new ValidationFailure(nameof(command.CurrentPassword), "The current password is not correct.")]);
        }

        user.SetPasswordHash(await hasher.HashAsync(command.NewPassword, cancellationToken), clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}

using FluentValidation;
using Homelette.Application.Common.Exceptions;
using Homelette.Application.Common.Interfaces;
using Homelette.Application.Common.Security;
using Homelette.Domain.Users;
using Mediator;

namespace Homelette.Application.Users.Commands.UpdateSettings;

/// <summary>Changes the caller's privacy settings (yourself only).</summary>
public sealed record UpdateSettingsCommand(Guid UserId, SettingsInput Body) : ICommand<UserDto>;

/// <summary>The request body: settings left out keep their value.</summary>
/// <param name="ShowOnlineStatus">False makes you appear offline to everyone.</param>
public sealed record SettingsInput(bool? ShowOnlineStatus);

public sealed class UpdateSettingsCommandValidator : AbstractValidator<UpdateSettingsCommand>
{
    public UpdateSettingsCommandValidator() => RuleFor(c => c.Body).NotNull();
}

public sealed class UpdateSettingsCommandHandler(IAppDbContext db, ICurrentUser currentUser, TimeProvider clock)
    : ICommandHandler<UpdateSettingsCommand, UserDto>
{
    public async ValueTask<UserDto> Handle(UpdateSettingsCommand command, CancellationToken cancellationToken)
    {
        if (currentUser.RequireId() != command.UserId)
        {
            throw new ForbiddenException("You may only change your own settings.");
        }

        var user = await db.Users.FindAsync([command.UserId], cancellationToken)
            ?? throw new NotFoundException("User", command.UserId);
        user.UpdateProfile(new ProfileChanges(ShowOnlineStatus: command.Body.ShowOnlineStatus), clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return user.ToDto();
    }
}

using Homelette.Application.Common.Exceptions;
using Homelette.Application.Common.Interfaces;
using Homelette.Domain.Users;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Homelette.Application.Users.Commands.RegisterUser;

public sealed record RegisterUserCommand(
    string Email,
    string Password,
    string FirstName,
    string LastName,
    string? Major = null,
    int? GraduationYear = null,
    string? AboutMe = null) : ICommand<UserDto>;

public sealed class RegisterUserCommandHandler(IAppDbContext db, IPasswordHasher hasher, TimeProvider clock)
    : ICommandHandler<RegisterUserCommand, UserDto>
{
    public async ValueTask<UserDto> Handle(RegisterUserCommand command, CancellationToken cancellationToken)
    {
        var normalizedEmail = User.NormalizeEmail(command.Email);
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalizedEmail, cancellationToken))
        {
            throw new ConflictException("An account with this email already exists.");
        }

        var now = clock.GetUtcNow();
        var user = User.Register(
            command.Email, command.FirstName, command.LastName, command.Major, command.GraduationYear, command.AboutMe, now);
        user.SetPasswordHash(await hasher.HashAsync(command.Password, cancellationToken), now);
        db.Users.Add(user);
        await db.SaveChangesAsync(cancellationToken);
        return user.ToDto();
    }
}

using Homelette.Application.Common.Exceptions;
using Homelette.Application.Common.Interfaces;
using Homelette.Application.Users;
using Homelette.Domain.Users;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Homelette.Application.Auth.Commands.Login;

public sealed record LoginCommand(string Email, string Password) : ICommand<LoginResultDto>;

public sealed record LoginResultDto(string AccessToken, string TokenType, int ExpiresIn, UserDto User);

/// <summary>How many failed sign-ins to one email from one address are let through per window.</summary>
public static class LoginThrottling
{
    public const int MaxFailures = 10;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
}

public sealed class LoginCommandHandler(
    IAppDbContext db,
    IPasswordHasher hasher,
    ITokenIssuer tokenIssuer,
    ILoginThrottle throttle,
    TimeProvider clock) : ICommandHandler<LoginCommand, LoginResultDto>
{
    public async ValueTask<LoginResultDto> Handle(LoginCommand command, CancellationToken cancellationToken)
    {
        var normalizedEmail = User.NormalizeEmail(command.Email);

        // Before any password check, even a right one: a guesser must not learn that the 11th guess was right.
        var attempt = await throttle.BeginAsync(normalizedEmail, cancellationToken);
        if (attempt.RetryAfter is { } wait)
        {
            throw new RateLimitedException(
                $"Too many failed sign-ins to this account from your address; try again in {Math.Ceiling(wait.TotalSeconds):0} seconds.",
                wait);
        }

        var wrongPassword = false;
        try
        {
            var user = await db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == normalizedEmail, cancellationToken);
            if (user is null)
            {
                // Spend the same time as a real check, so response times do not tell which emails exist.
                await hasher.VerifyAsync(hasher.DecoyHash, command.Password, cancellationToken);
                wrongPassword = true;
                throw new UnauthorizedException();
            }

            var check = await hasher.VerifyAsync(user.PasswordHash, command.Password, cancellationToken);
            if (check == PasswordCheck.Failed)
            {
                wrongPassword = true;
                throw new UnauthorizedException();
            }

            if (check == PasswordCheck.SuccessRehashNeeded)
            {
                user.SetPasswordHash(await hasher.HashAsync(command.Password, cancellationToken), clock.GetUtcNow());
                await db.SaveChangesAsync(cancellationToken);
            }

            var token = tokenIssuer.Issue(user);
            return new LoginResultDto(token.AccessToken, "Bearer", token.ExpiresInSeconds, user.ToDto());
        }
        finally
        {
            if (!wrongPassword)
            {
                await throttle.ForgiveAsync(attempt, CancellationToken.None);
            }
        }
    }
}

using Homelette.Application.Auth.Commands.ChangePassword;
using Homelette.Application.Auth.Commands.Login;
using Homelette.Application.Users;
using Homelette.Application.Users.Commands.RegisterUser;
using Homelette.WebApi.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Homelette.WebApi.Endpoints;

public sealed class Auth : EndpointGroupBase
{
    public override string RoutePrefix => "auth";

    public override void Map(RouteGroupBuilder group)
    {
        // Each checks a password (PBKDF2): how many run at once is limited (PasswordCheckLimit), 503 beyond the queue.
        group.MapPost(Register, "register").AllowAnonymous()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireRateLimiting(PasswordCheckLimit.Policy).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapPost(Login, "login").AllowAnonymous()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .RequireRateLimiting(PasswordCheckLimit.Policy).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapPost(ChangePassword, "change-password")
            .RequireRateLimiting(PasswordCheckLimit.Policy).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>Creates an account.</summary>
    public static async Task<Created<UserDto>> Register(ISender sender, RegisterUserCommand command, CancellationToken cancellationToken)
    {
        var user = await sender.Send(command, cancellationToken);
        return TypedResults.Created($"/api/users/{user.Id}", user);
    }

    /// <summary>
    /// Exchanges an email and password for a bearer token. After 10 failed sign-ins to one account from one address
    /// within a minute, further tries from there answer 429 with Retry-After until the 10th most recent failure is a
    /// minute old.
    /// </summary>
    public static async Task<Ok<LoginResultDto>> Login(ISender sender, LoginCommand command, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(command, cancellationToken));

    /// <summary>Changes the caller's password; the current one must be given.</summary>
    public static async Task<NoContent> ChangePassword(ISender sender, ChangePasswordCommand command, CancellationToken cancellationToken)
    {
        await sender.Send(command, cancellationToken);
        return TypedResults.NoContent();
    }
}

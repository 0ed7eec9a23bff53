using Homelette.Application.Common.Interfaces;
using Homelette.Application.Common.Security;
using Homelette.Application.Users;
using Homelette.Application.Users.Commands.UpdateProfile;
using Homelette.Application.Users.Queries.GetUser;
using Homelette.WebApi.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Homelette.WebApi.Endpoints;

public sealed class Users : EndpointGroupBase
{
    public override string RoutePrefix => "users";

    public override void Map(RouteGroupBuilder group)
    {
        group.MapGet(GetCurrentUser, "me");
        group.MapGet(GetUser, "{id:guid}").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut(UpdateUser, "{id:guid}")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>The caller's own profile.</summary>
    public static async Task<Ok<UserDto>> GetCurrentUser(ISender sender, ICurrentUser currentUser, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new GetUserQuery(currentUser.RequireId()), cancellationToken));

    /// <summary>A profile: with email for its owner, the public part for anyone else.</summary>
    public static async Task<Ok<UserDto>> GetUser(ISender sender, Guid id, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new GetUserQuery(id), cancellationToken));

    /// <summary>Edits the caller's own profile; only the profile fields may be sent.</summary>
    public static async Task<Ok<UserDto>> UpdateUser(
        ISender sender,
        Guid id,
        UpdateProfileCommand command,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(command with { UserId = id }, cancellationToken));
}

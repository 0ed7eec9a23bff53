using Homelette.Application.Chat.Blocks;
using Homelette.Application.Common.Interfaces;
using Homelette.Application.Common.Paging;
using Homelette.Application.Common.Security;
using Homelette.Application.Listings;
using Homelette.Application.Listings.Favorites.AddFavorite;
using Homelette.Application.Listings.Favorites.ListFavorites;
using Homelette.Application.Listings.Favorites.RemoveFavorite;
using Homelette.Application.Listings.Queries.ListUserListings;
using Homelette.Application.Users;
using Homelette.Application.Users.Commands.UpdateProfile;
using Homelette.Application.Users.Commands.UpdateSettings;
using Homelette.Application.Users.Queries.GetUser;
using Homelette.WebApi.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Homelette.WebApi.Endpoints;

public sealed class Users : EndpointGroupBase
{
    public override string RoutePrefix => "users";

    public override void Map(RouteGroupBuilder group)
    {
        group.MapGet(GetCurrentUser, "me");
        group.MapGet(ListBlockedUsers, "me/blocks");
        group.MapPost(BlockUser, "me/blocks/{userId:guid}").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete(UnblockUser, "me/blocks/{userId:guid}").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet(GetUser, "{id:guid}").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut(UpdateUser, "{id:guid}")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut(UpdateSettings, "{id:guid}/settings")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet(ListUserListings, "{id:guid}/listings").AllowAnonymous();
        group.MapGet(ListInterests, "{id:guid}/interests").ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost(AddInterest, "{id:guid}/interests/{listingId:guid}")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete(RemoveInterest, "{id:guid}/interests/{listingId:guid}")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>Changes your privacy settings, such as whether others see you online.</summary>
    public static async Task<Ok<UserDto>> UpdateSettings(ISender sender, Guid id, SettingsInput body, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new UpdateSettingsCommand(id, body), cancellationToken));

    /// <summary>A user's listings, newest first: all of yours, or another user's active ones.</summary>
    public static async Task<Ok<Page<ListingSummaryDto>>> ListUserListings(
        ISender sender,
        Guid id,
        [FromQuery(Name = "limit")] int? limit,
        [FromQuery(Name = "cursor")] string? cursor,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new ListUserListingsQuery(id, limit, cursor), cancellationToken));

    /// <summary>Your saved listings ("interests"), most recently saved first.</summary>
    public static async Task<Ok<Page<ListingSummaryDto>>> ListInterests(
        ISender sender,
        Guid id,
        [FromQuery(Name = "limit")] int? limit,
        [FromQuery(Name = "cursor")] string? cursor,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new ListFavoritesQuery(id, limit, cursor), cancellationToken));

    /// <summary>Saves a listing: 201 the first time, 200 when it was already saved.</summary>
    public static async Task<Results<Created<ListingSummaryDto>, Ok<ListingSummaryDto>>> AddInterest(
        ISender sender,
        Guid id,
        Guid listingId,
        CancellationToken cancellationToken)
    {
        var result = await sender.Send(new AddFavoriteCommand(id, listingId), cancellationToken);
        return result.Created
            ? TypedResults.Created($"/api/users/{id}/interests/{listingId}", result.Listing)
            : TypedResults.Ok(result.Listing);
    }

    /// <summary>Forgets a saved listing; 404 when it was not saved.</summary>
    public static async Task<NoContent> RemoveInterest(ISender sender, Guid id, Guid listingId, CancellationToken cancellationToken)
    {
        await sender.Send(new RemoveFavoriteCommand(id, listingId), cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>The users you blocked (their public profiles), most recently blocked first.</summary>
    public static async Task<Ok<Page<UserDto>>> ListBlockedUsers(
        ISender sender,
        [FromQuery(Name = "limit")] int? limit,
        [FromQuery(Name = "cursor")] string? cursor,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new ListBlockedUsersQuery(limit, cursor), cancellationToken));

    /// <summary>
    /// Blocks a user: 201 the first time, 200 when already blocked. Neither of you can start or write into a direct
    /// conversation of yours any more, and they no longer see you online.
    /// </summary>
    public static async Task<Results<Created<UserDto>, Ok<UserDto>>> BlockUser(ISender sender, Guid userId, CancellationToken cancellationToken)
    {
        var result = await sender.Send(new BlockUserCommand(userId), cancellationToken);
        return result.Created
            ? TypedResults.Created($"/api/users/me/blocks/{userId}", result.User)
            : TypedResults.Ok(result.User);
    }

    /// <summary>Lifts your block of a user; 404 when you had not blocked them.</summary>
    public static async Task<NoContent> UnblockUser(ISender sender, Guid userId, CancellationToken cancellationToken)
    {
        await sender.Send(new UnblockUserCommand(userId), cancellationToken);
        return TypedResults.NoContent();
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
        ProfileChangesInput body,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new UpdateProfileCommand(id, body), cancellationToken));
}

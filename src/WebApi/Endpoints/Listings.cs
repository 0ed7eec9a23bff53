using Homelette.Application.Common.Paging;
using Homelette.Application.Listings;
using Homelette.Application.Listings.Commands.AddListingImage;
using Homelette.Application.Listings.Commands.CreateListing;
using Homelette.Application.Listings.Commands.DeleteListing;
using Homelette.Application.Listings.Commands.DeleteListingImage;
using Homelette.Application.Listings.Commands.ReorderListingImages;
using Homelette.Application.Listings.Commands.SetListingStatus;
using Homelette.Application.Listings.Commands.UpdateListing;
using Homelette.Application.Listings.Commands.UploadImage;
using Homelette.Application.Listings.Queries.GetListing;
using Homelette.Application.Listings.Queries.GetListingStats;
using Homelette.Application.Listings.Queries.SearchListings;
using Homelette.Domain.Listings;
using Homelette.WebApi.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Homelette.WebApi.Endpoints;

public sealed class Listings : EndpointGroupBase
{
    public override string RoutePrefix => "listings";

    public override void Map(RouteGroupBuilder group)
    {
        group.MapGet(SearchListings).AllowAnonymous();
        group.MapGet(GetListing, "{id:guid}").AllowAnonymous().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost(CreateListing).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPut(UpdateListing, "{id:guid}").ProducesOwnerProblems().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapDelete(DeleteListing, "{id:guid}").ProducesOwnerProblems();
        group.MapPut(SetListingStatus, "{id:guid}/status").ProducesOwnerProblems();
        group.MapGet(GetListingStats, "{id:guid}/stats").ProducesOwnerProblems();
        group.MapPost(AddListingImage, "{id:guid}/images").AcceptsImage().ProducesOwnerProblems().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapDelete(DeleteListingImage, "{id:guid}/images/{imageId:guid}").ProducesOwnerProblems();
        group.MapPut(ReorderListingImages, "{id:guid}/images/order").ProducesOwnerProblems();
        group.MapPost(UploadImage, "upload-image").AcceptsImage();
    }

    /// <summary>Finds listings by price, rooms, dates, amenities, place, map area or words; a page at a time.</summary>
    public static async Task<Ok<Page<ListingSummaryDto>>> SearchListings(
        ISender sender,
        [AsParameters] SearchListingsParameters parameters,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(parameters.ToQuery(), cancellationToken));

    /// <summary>Everything about a listing; counts a view unless the owner is looking.</summary>
    public static async Task<Ok<ListingDto>> GetListing(ISender sender, Guid id, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new GetListingQuery(id), cancellationToken));

    /// <summary>Posts a listing: {address, property, listing}, with photos uploaded before in listing.image_urls.</summary>
    public static async Task<Created<ListingDto>> CreateListing(ISender sender, CreateListingCommand command, CancellationToken cancellationToken)
    {
        var listing = await sender.Send(command, cancellationToken);
        return TypedResults.Created($"/api/listings/{listing.Id}", listing);
    }

    /// <summary>Changes any of a listing's fields (owner only); a stale version (body or If-Match) is refused with 409.</summary>
    public static async Task<Ok<ListingDto>> UpdateListing(
        ISender sender,
        Guid id,
        ListingChangesInput body,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new UpdateListingCommand(id, body, ETags.ParseVersion(ifMatch)), cancellationToken));

    /// <summary>Deletes a listing with its photos and favorites (owner only).</summary>
    public static async Task<NoContent> DeleteListing(ISender sender, Guid id, CancellationToken cancellationToken)
    {
        await sender.Send(new DeleteListingCommand(id), cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>Marks a listing active, rented or archived (owner only).</summary>
    public static async Task<Ok<ListingDto>> SetListingStatus(ISender sender, Guid id, ListingStatusInput body, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new SetListingStatusCommand(id, body), cancellationToken));

    /// <summary>Views, distinct viewers, favorites and conversations of a listing (owner only).</summary>
    public static async Task<Ok<ListingStatsDto>> GetListingStats(ISender sender, Guid id, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new GetListingStatsQuery(id), cancellationToken));

    /// <summary>Adds a photo (multipart field "image": JPEG, PNG or WebP, at most 10 MB) after the others (owner only).</summary>
    public static async Task<Created<ListingImageDto>> AddListingImage(ISender sender, Guid id, IFormFile image, CancellationToken cancellationToken)
    {
        await using var content = image.OpenReadStream();
        var added = await sender.Send(new AddListingImageCommand(id, content), cancellationToken);
        return TypedResults.Created(added.Url, added);
    }

    /// <summary>Removes a photo from a listing and deletes it (owner only).</summary>
    public static async Task<NoContent> DeleteListingImage(ISender sender, Guid id, Guid imageId, CancellationToken cancellationToken)
    {
        await sender.Send(new DeleteListingImageCommand(id, imageId), cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>Puts the photos in a new order; the first one is the cover (owner only).</summary>
    public static async Task<Ok<IReadOnlyList<ListingImageDto>>> ReorderListingImages(
        ISender sender,
        Guid id,
        ImageOrderInput body,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new ReorderListingImagesCommand(id, body), cancellationToken));

    /// <summary>Uploads a photo before its listing exists; pass the URL in listing.image_urls within a day.</summary>
    public static async Task<Created<UploadedImageDto>> UploadImage(ISender sender, IFormFile image, CancellationToken cancellationToken)
    {
        await using var content = image.OpenReadStream();
        var uploaded = await sender.Send(new UploadImageCommand(content), cancellationToken);
        return TypedResults.Created(uploaded.ImageUrl, uploaded);
    }
}

internal static class ListingEndpointConventions
{
    public static RouteHandlerBuilder ProducesOwnerProblems(this RouteHandlerBuilder builder) =>
        builder.ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

    /// <summary>A multipart photo upload: bearer-authenticated (no cookies, so no antiforgery), up to 10 MB.</summary>
    public static RouteHandlerBuilder AcceptsImage(this RouteHandlerBuilder builder) =>
        builder.DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(UploadLimit))
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    /// <summary>A photo of at most 10 MB plus the multipart envelope.</summary>
    private const long UploadLimit = ListingConstraints.ImageUploadMaxBytes + (64 * 1024);
}

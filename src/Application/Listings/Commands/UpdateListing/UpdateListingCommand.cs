using FluentValidation;
using Homelette.Application.Common.Exceptions;
using Homelette.Application.Common.Interfaces;
using Homelette.Application.Common.Security;
using Homelette.Application.Common.Storage;
using Mediator;

namespace Homelette.Application.Listings.Commands.UpdateListing;

/// <summary>
/// Changes any subset of a listing's fields (owner only). With a version (in the body or If-Match) the change is
/// refused when someone changed the listing since that version.
/// </summary>
public sealed record UpdateListingCommand(Guid ListingId, ListingChangesInput Body, int? IfMatchVersion = null) : ICommand<ListingDto>;

/// <summary>The request body of a listing update: the nested fields to change, each optional.</summary>
public sealed record ListingChangesInput
{
    public AddressInput? Address { get; init; }

    public PropertyInput? Property { get; init; }

    /// <summary>Fields of the listing itself; <c>image_urls</c> adds earlier uploads after the current photos.</summary>
    public ListingInput? Listing { get; init; }

    /// <summary>The version the change is based on.</summary>
    public int? Version { get; init; }
}

public sealed class UpdateListingCommandValidator : AbstractValidator<UpdateListingCommand>
{
    public UpdateListingCommandValidator()
    {
        RuleFor(c => c.Body).NotNull();
        When(c => c.Body is not null, () =>
        {
            RuleFor(c => c.Body.Address).SetValidator(new AddressInputValidator(required: false)!);
            RuleFor(c => c.Body.Property).SetValidator(new PropertyInputValidator(required: false)!);
            RuleFor(c => c.Body.Listing).SetValidator(new ListingInputValidator(required: false)!);
            RuleFor(c => c.Body.Version).GreaterThan(0);
            RuleFor(c => c.Body.Version).Equal(c => c.IfMatchVersion).When(c => c.Body.Version is not null && c.IfMatchVersion is not null)
                .WithMessage("The body's version and If-Match disagree.");
        });
    }
}

public sealed class UpdateListingCommandHandler(
    IAppDbContext db,
    ICurrentUser currentUser,
    IFileStore fileStore,
    TimeProvider clock) : ICommandHandler<UpdateListingCommand, ListingDto>
{
    public async ValueTask<ListingDto> Handle(UpdateListingCommand command, CancellationToken cancellationToken)
    {
        var callerId = currentUser.RequireId();
        var listing = await db.LoadForOwnerAsync(command.ListingId, callerId, cancellationToken);
        var body = command.Body;
        if ((body.Version ?? command.IfMatchVersion) is { } expected && expected != listing.Version)
        {
            throw new ConflictException($"The listing is at version {listing.Version}, not {expected}; reload it and try again.");
        }

        var now = clock.GetUtcNow();
        listing.Update(listing.Details.Merge(body.Address, body.Property, body.Listing), now);
        foreach (var upload in await db.LoadBodyUploadsAsync(fileStore, body.Property, body.Listing, callerId, cancellationToken))
        {
            listing.AddImage(upload, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        return await db.ToDtoAsync(listing, callerId, cancellationToken);
    }
}

using FluentValidation;
using Homelette.Application.Common.Interfaces;
using Homelette.Application.Common.Security;
using Homelette.Application.Common.Storage;
using Homelette.Domain.Listings;
using Mediator;

namespace Homelette.Application.Listings.Commands.CreateListing;

/// <summary>Posts a listing in one go, with photos uploaded before.</summary>
public sealed record CreateListingCommand(AddressInput? Address, PropertyInput? Property, ListingInput? Listing) : ICommand<ListingDto>;

public sealed class CreateListingCommandValidator : AbstractValidator<CreateListingCommand>
{
    public CreateListingCommandValidator()
    {
        RuleFor(c => c.Address).NotNull().SetValidator(new AddressInputValidator(required: true)!);
        RuleFor(c => c.Property).NotNull().SetValidator(new PropertyInputValidator(required: true)!);
        RuleFor(c => c.Listing).NotNull().SetValidator(new ListingInputValidator(required: true)!);
        RuleFor(c => c.Address!.Longitude).NotNull().When(c => c.Address?.Latitude is not null)
            .WithMessage("Give both latitude and longitude, or neither.");
        RuleFor(c => c.Address!.Latitude).NotNull().When(c => c.Address?.Longitude is not null)
            .WithMessage("Give both latitude and longitude, or neither.");
    }
}

public sealed class CreateListingCommandHandler(
    IAppDbContext db,
    ICurrentUser currentUser,
    IFileStore fileStore,
    TimeProvider clock) : ICommandHandler<CreateListingCommand, ListingDto>
{
    public async ValueTask<ListingDto> Handle(CreateListingCommand command, CancellationToken cancellationToken)
    {
        var ownerId = currentUser.RequireId();
        var (address, property, input) = (command.Address!, command.Property!, command.Listing!);
        var uploads = await db.LoadBodyUploadsAsync(fileStore, property, input, ownerId, cancellationToken);

        var details = new ListingDetails(
            input.Title!,
            input.Description,
            input.Price!.Value,
            input.StartDate!.Value,
            input.EndDate!.Value,
            input.Roommates ?? 0,
            (input.Amenities ?? []).ToFlags(),
            new Address(address.StreetAddress!, address.AptNumber, address.City!, address.State!, address.ZipCode!, address.Latitude, address.Longitude),
            new PropertyDetails(property.PropertyType!.Value, property.Bedrooms!.Value, property.Bathrooms!.Value, property.Area!.Value));
        var listing = Listing.Create(ownerId, details, uploads, clock.GetUtcNow());
        db.Listings.Add(listing);
        await db.SaveChangesAsync(cancellationToken);

        return await db.ToDtoAsync(listing, ownerId, cancellationToken);
    }
}

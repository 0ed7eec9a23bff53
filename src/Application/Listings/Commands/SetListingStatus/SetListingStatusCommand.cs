using FluentValidation;
using Homelette.Application.Common.Interfaces;
using Homelette.Application.Common.Security;
using Homelette.Domain.Listings;
using Mediator;

namespace Homelette.Application.Listings.Commands.SetListingStatus;

/// <summary>Marks a listing active, rented or archived (owner only).</summary>
public sealed record SetListingStatusCommand(Guid ListingId, ListingStatusInput Body) : ICommand<ListingDto>;

public sealed record ListingStatusInput(ListingStatus? Status);

public sealed class SetListingStatusCommandValidator : AbstractValidator<SetListingStatusCommand>
{
    public SetListingStatusCommandValidator()
    {
        RuleFor(c => c.Body).NotNull();
        RuleFor(c => c.Body.Status).NotNull().IsInEnum().When(c => c.Body is not null);
    }
}

public sealed class SetListingStatusCommandHandler(IAppDbContext db, ICurrentUser currentUser, TimeProvider clock)
    : ICommandHandler<SetListingStatusCommand, ListingDto>
{
    public async ValueTask<ListingDto> Handle(SetListingStatusCommand command, CancellationToken cancellationToken)
    {
        var callerId = currentUser.RequireId();
        var listing = await db.LoadForOwnerAsync(command.ListingId, callerId, cancellationToken);
        listing.SetStatus(command.Body.Status!.Value, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return await db.ToDtoAsync(listing, callerId, cancellationToken);
    }
}

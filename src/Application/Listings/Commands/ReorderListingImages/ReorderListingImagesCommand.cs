using FluentValidation;
using Homelette.Application.Common.Interfaces;
using Homelette.Application.Common.Security;
using Homelette.Domain.Listings;
using Mediator;

namespace Homelette.Application.Listings.Commands.ReorderListingImages;

/// <summary>Puts a listing's photos in a new order (owner only): every photo id exactly once; the first is the cover.</summary>
public sealed record ReorderListingImagesCommand(Guid ListingId, ImageOrderInput Body) : ICommand<IReadOnlyList<ListingImageDto>>;

public sealed record ImageOrderInput(IReadOnlyList<Guid>? ImageIds);

public sealed class ReorderListingImagesCommandValidator : AbstractValidator<ReorderListingImagesCommand>
{
    public ReorderListingImagesCommandValidator()
    {
        RuleFor(c => c.Body).NotNull();
        RuleFor(c => c.Body.ImageIds).NotNull()
            .Must(ids => ids is null || ids.Count <= ListingConstraints.ImagesMax)
            .WithMessage($"A listing holds at most {ListingConstraints.ImagesMax} images.")
            .When(c => c.Body is not null);
    }
}

public sealed class ReorderListingImagesCommandHandler(IAppDbContext db, ICurrentUser currentUser, TimeProvider clock)
    : ICommandHandler<ReorderListingImagesCommand, IReadOnlyList<ListingImageDto>>
{
    public async ValueTask<IReadOnlyList<ListingImageDto>> Handle(ReorderListingImagesCommand command, CancellationToken cancellationToken)
    {
        var listing = await db.LoadForOwnerAsync(command.ListingId, currentUser.RequireId(), cancellationToken);
        listing.ReorderImages(command.Body.ImageIds!, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return listing.Images.Select(i => i.ToDto()).ToList();
    }
}

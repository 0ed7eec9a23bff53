using FluentValidation;
using Homelette.Application.Common.Exceptions;
using Homelette.Application.Common.Interfaces;
using Homelette.Application.Common.Security;
using Homelette.Domain.Chat;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Homelette.Application.Chat.Conversations;

/// <summary>
/// Starts a conversation; the caller is always in it. Exactly one other participant and no title: the pair's direct
/// conversation (about the listing, if given), returned as it is when it exists. With a title: a group.
/// </summary>
public sealed record CreateConversationCommand : ICommand<CreateConversationResult>
{
    public IReadOnlyList<Guid> Participants { get; init; } = [];

    public string? Title { get; init; }

    public Guid? ListingId { get; init; }
}

/// <param name="Created">False when the direct conversation already existed.</param>
public sealed record CreateConversationResult(ConversationDto Conversation, bool Created);

public sealed class CreateConversationCommandValidator : AbstractValidator<CreateConversationCommand>
{
    public CreateConversationCommandValidator()
    {
        // Stop at the first failure: "participants": null must not reach the count (it threw, a 500).
        RuleFor(c => c.Participants).Cascade(CascadeMode.Stop).NotNull().NotEmpty()
            .Must(p => p.Count <= ChatConstraints.GroupMaxParticipants)
            .WithMessage($"A conversation has at most {ChatConstraints.GroupMaxParticipants} participants.");
        RuleForEach(c => c.Participants).NotEqual(Guid.Empty);
        RuleFor(c => c.Title).MaximumLength(ChatConstraints.TitleMaxLength);
    }
}

public sealed class CreateConversationCommandHandler(IAppDbContext db, ICurrentUser currentUser, TimeProvider clock)
    : ICommandHandler<CreateConversationCommand, CreateConversationResult>
{
    public async ValueTask<CreateConversationResult> Handle(CreateConversationCommand command, CancellationToken cancellationToken)
    {
        var callerId = currentUser.RequireId();
        var others = command.Participants.Where(p => p != callerId).Distinct().ToList();

        // Who counts as "other" depends on the caller: [me, you] without a title is our direct conversation.
        if (string.IsNullOrWhiteSpace(command.Title) && others.Count > 1)
        {
            throw new ValidationException([new FluentValidation.Results.ValidationFailure(
                nameof(command.Title), "A conversation with more than one other participant is a group and needs a title.")]);
        }

        var known = await db.Users.Where(u => others.Contains(u.Id)).Select(u => u.Id).ToListAsync(cancellationToken);
        if (others.FirstOrDefault(id => !known.Contains(id)) is var unknown && unknown != Guid.Empty)
        {
            throw new NotFoundException("User", unknown);
        }

        if (command.ListingId is { } listingId
            && !await db.Listings.AnyAsync(l => l.Id == listingId && (l.Status == Domain.Listings.ListingStatus.Active || l.OwnerId == callerId), cancellationToken))
        {
            throw new NotFoundException("Listing", listingId);
        }

        var now = clock.GetUtcNow();
        if (string.IsNullOrWhiteSpace(command.Title))
        {
            if (others.Count != 1)
            {
                throw new ValidationException([new FluentValidation.Results.ValidationFailure(nameof(command.Participants), "A direct conversation needs one other user than yourself.")]);
            }

            var (id, created) = await db.FindOrStartAsync(callerId, others[0], command.ListingId, now, cancellationToken);
            return new CreateConversationResult((await db.ForViewerAsync([id], callerId, cancellationToken))[0], created);
        }

        var group = Conversation.StartGroup(callerId, others, command.Title, command.ListingId, now);
        db.Conversations.Add(group);
        db.ChatChanges.Add(ChatChange.Created(group));
        await db.SaveChangesAsync(cancellationToken);
        return new CreateConversationResult((await db.ForViewerAsync([group.Id], callerId, cancellationToken))[0], Created: true);
    }
}

using FluentValidation;
using Homelette.Application.Common.Exceptions;
using Homelette.Application.Common.Interfaces;
using Homelette.Application.Common.Security;
using Homelette.Application.Users;
using Homelette.Domain.Chat;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Homelette.Application.Chat.Blocks;

/// <summary>
/// The caller blocks a user: neither can start or write into a direct conversation of theirs any more, and the
/// blocked user no longer sees the caller's presence. Blocking again changes nothing.
/// </summary>
public sealed record BlockUserCommand(Guid UserId) : ICommand<BlockUserResult>;

/// <param name="Created">False when the user was already blocked.</param>
/// <param name="User">The blocked user's public profile.</param>
public sealed record BlockUserResult(bool Created, UserDto User);

public sealed class BlockUserCommandValidator : AbstractValidator<BlockUserCommand>
{
    public BlockUserCommandValidator() => RuleFor(c => c.UserId).NotEqual(Guid.Empty);
}

public sealed class BlockUserCommandHandler(IAppDbContext db, ICurrentUser currentUser, TimeProvider clock)
    : ICommandHandler<BlockUserCommand, BlockUserResult>
{
    public async ValueTask<BlockUserResult> Handle(BlockUserCommand command, CancellationToken cancellationToken)
    {
        var callerId = currentUser.RequireId();
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == command.UserId, cancellationToken)
            ?? throw new NotFoundException("User", command.UserId);

        // Refuses blocking yourself (400 naming user_id) before anything is looked up or stored.
        var block = UserBlock.Of(callerId, user.Id, clock.GetUtcNow());
        if (await db.UserBlocks.AnyAsync(b => b.BlockerId == callerId && b.BlockedId == user.Id, cancellationToken))
        {
            return new BlockUserResult(Created: false, user.ToPublicDto());
        }

        db.UserBlocks.Add(block);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return new BlockUserResult(Created: true, user.ToPublicDto());
        }
        catch (ConflictException)
        {
            // A parallel request blocked the user first: blocked either way.
            db.UserBlocks.Entry(block).State = EntityState.Detached;
            return new BlockUserResult(Created: false, user.ToPublicDto());
        }
    }
}

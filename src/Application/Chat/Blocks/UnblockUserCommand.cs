using FluentValidation;
using Homelette.Application.Common.Exceptions;
using Homelette.Application.Common.Interfaces;
using Homelette.Application.Common.Security;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Homelette.Application.Chat.Blocks;

/// <summary>The caller lifts their block of a user; 404 when the caller had not blocked them.</summary>
public sealed record UnblockUserCommand(Guid UserId) : ICommand;

public sealed class UnblockUserCommandValidator : AbstractValidator<UnblockUserCommand>
{
    public UnblockUserCommandValidator() => RuleFor(c => c.UserId).NotEqual(Guid.Empty);
}

public sealed class UnblockUserCommandHandler(IAppDbContext db, ICurrentUser currentUser) : ICommandHandler<UnblockUserCommand>
{
    public async ValueTask<Unit> Handle(UnblockUserCommand command, CancellationToken cancellationToken)
    {
        var callerId = currentUser.RequireId();
        var removed = await db.UserBlocks
            .Where(b => b.BlockerId == callerId && b.BlockedId == command.UserId)
            .ExecuteDeleteAsync(cancellationToken);
        return removed == 0 ? throw new NotFoundException("Block", command.UserId) : Unit.Value;
    }
}

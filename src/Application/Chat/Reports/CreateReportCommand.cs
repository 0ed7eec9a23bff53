using FluentValidation;
using FluentValidation.Results;
using Homelette.Application.Common;
using Homelette.Application.Common.Exceptions;
using Homelette.Application.Common.Interfaces;
using Homelette.Application.Common.Security;
using Homelette.Application.Listings;
using Homelette.Domain.Chat;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Homelette.Application.Chat.Reports;

/// <summary>
/// The caller reports a user, a listing or a message for moderation, once per target. The target must be one the
/// caller can see (a message: one of a conversation the caller takes part in), else 404; never the caller's own.
/// </summary>
public sealed record CreateReportCommand : ICommand<CreateReportResult>
{
    public ReportTarget? TargetType { get; init; }

    public Guid? TargetId { get; init; }

    public string? Reason { get; init; }
}

/// <summary>A stored report as its reporter sees it.</summary>
public sealed record ReportDto
{
    public required Guid Id { get; init; }

    public required ReportTarget TargetType { get; init; }

    public required Guid TargetId { get; init; }

    public required string Reason { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}

public sealed record CreateReportResult(ReportDto Report);

public sealed class CreateReportCommandValidator : AbstractValidator<CreateReportCommand>
{
    public CreateReportCommandValidator()
    {
        RuleFor(c => c.TargetType).NotNull().IsInEnum();
        RuleFor(c => c.TargetId).NotNull().NotEqual(Guid.Empty);
        RuleFor(c => c.Reason).NotEmpty().MaximumLength(ChatConstraints.ReportReasonMaxLength);
    }
}

public sealed class CreateReportCommandHandler(IAppDbContext db, ICurrentUser currentUser, TimeProvider clock)
    : ICommandHandler<CreateReportCommand, CreateReportResult>
{
    public async ValueTask<CreateReportResult> Handle(CreateReportCommand command, CancellationToken cancellationToken)
    {
        var reporterId = currentUser.RequireId();
        var targetType = command.TargetType!.Value;
        var targetId = command.TargetId!.Value;
        await EnsureReportableAsync(reporterId, targetType, targetId, cancellationToken);

        if (await db.Reports.AnyAsync(r => r.ReporterId == reporterId && r.TargetType == targetType && r.TargetId == targetId, cancellationToken))
        {
            throw AlreadyReported();
        }

        var report = Report.File(reporterId, targetType, targetId, command.Reason!, clock.GetUtcNow());
        db.Reports.Add(report);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (ConflictException)
        {
            // A parallel request stored the same report first.
            db.Reports.Entry(report).State = EntityState.Detached;
            throw AlreadyReported();
        }

        return new CreateReportResult(report.ToDto());
    }

    /// <summary>404 for what the reporter cannot see (saying nothing about whether it exists); 400 for the reporter's own.</summary>
    private async Task EnsureReportableAsync(Guid reporterId, ReportTarget targetType, Guid targetId, CancellationToken cancellationToken)
    {
        Guid? author;
        switch (targetType)
        {
            case ReportTarget.User:
                author = await db.Users.Where(u => u.Id == targetId).Select(u => (Guid?)u.Id).FirstOrDefaultAsync(cancellationToken);
                break;
            case ReportTarget.Listing:
                var listing = await db.Listings.AsNoTracking().FirstOrDefaultAsync(l => l.Id == targetId, cancellationToken);
                author = listing is not null && listing.IsVisibleTo(reporterId) ? listing.OwnerId : null;
                break;
            case ReportTarget.Message:
                author = await db.Messages
                    .Where(m => m.Id == targetId
                        && db.ConversationParticipants.Any(p => p.ConversationId == m.ConversationId && p.UserId == reporterId))
                    .Select(m => (Guid?)m.SenderId)
                    .FirstOrDefaultAsync(cancellationToken);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(targetType), targetType, "Unknown report target.");
        }

        if (author is null)
        {
            throw new NotFoundException(targetType.ToString(), targetId);
        }

        if (author == reporterId)
        {
            var message = targetType == ReportTarget.User ? "You cannot report yourself." : $"You cannot report your own {WireNames.Of(targetType)}.";
            throw new ValidationException([new ValidationFailure(nameof(CreateReportCommand.TargetId), message)]);
        }
    }

    private static ConflictException AlreadyReported() => new("You have already reported this.");
}

using FluentValidation;
using Homelette.Application.Common.Interfaces;
using Homelette.Application.Common.Paging;
using Homelette.Application.Common.Security;
using Homelette.Domain.Chat;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Homelette.Application.Chat.Sync;

/// <summary>
/// Everything that changed in the caller's conversations after <see cref="Since"/> (a cursor from an earlier sync;
/// none: from the beginning), oldest first: conversations started, messages sent, edited and deleted (each with
/// the message as it is now), and read pointers moved. A client that reconnects calls it until
/// <see cref="SyncPage.HasMore"/> is false and is complete.
/// </summary>
public sealed record SyncQuery(string? Since, int? Limit) : IQuery<SyncPage>;

/// <summary>
/// One page of changes. <see cref="NextCursor"/> is always given: keep it for the next sync. The latest few seconds
/// of changes may come again in the next page (apply them by sequence, idempotently): a change is passed by the
/// cursor only once every earlier one has surely been committed.
/// </summary>
public sealed record SyncPage(IReadOnlyList<SyncItem> Items, string NextCursor, bool HasMore);

public sealed record SyncItem
{
    public required long Sequence { get; init; }

    public required ChatChangeKind Kind { get; init; }

    public required Guid ConversationId { get; init; }

    /// <summary>Who made the change.</summary>
    public required Guid UserId { get; init; }

    public required DateTimeOffset At { get; init; }

    /// <summary>The message now (sent, edited, deleted), or the message read up to.</summary>
    public MessageDto? Message { get; init; }
}

public sealed class SyncQueryValidator : AbstractValidator<SyncQuery>
{
    public SyncQueryValidator()
    {
        RuleFor(q => q.Limit).InclusiveBetween(1, PagingConstraints.MaxLimit);
        RuleFor(q => q.Since).MaximumLength(PagingConstraints.CursorMaxLength);
    }
}

/// <summary>Where a sync stands: every change up to this sequence number has been given.</summary>
internal sealed record SyncCursor(long Sequence);

public sealed class SyncQueryHandler(IAppDbContext db, ICurrentUser currentUser, CursorCodec cursors, TimeProvider clock)
    : IQueryHandler<SyncQuery, SyncPage>
{
    /// <summary>
    /// Sequence numbers are taken when a change is written and become visible when it commits, so a smaller one
    /// can appear after a larger one was read. A change older than this has either committed or failed, so the
    /// cursor only passes changes this old.
    /// </summary>
    internal static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(10);

    public async ValueTask<SyncPage> Handle(SyncQuery query, CancellationToken cancellationToken)
    {
        var callerId = currentUser.RequireId();
        var limit = query.Limit ?? PagingConstraints.MaxLimit;
        var since = query.Since is { } text ? cursors.Decode<SyncCursor>(text, nameof(SyncQuery.Since)).Sequence : 0;

        var changes = await (
                from p in db.ConversationParticipants
                where p.UserId == callerId
                from c in db.ChatChanges
                where c.ConversationId == p.ConversationId && c.Sequence > since
                orderby c.Sequence
                select c)
            .AsNoTracking()
            .Take(limit + 1)
            .ToListAsync(cancellationToken);
        var page = changes.Take(limit).ToList();

        var messageIds = page.Where(c => c.MessageId is not null).Select(c => c.MessageId!.Value).Distinct().ToList();
        var messages = messageIds.Count == 0
            ? []
            : await db.Messages.AsNoTracking().Where(m => messageIds.Contains(m.Id)).ProjectToDto().ToDictionaryAsync(m => m.Id, cancellationToken);

        var settled = clock.GetUtcNow() - SettleTime;
        var passed = page.TakeWhile(c => c.CreatedAt <= settled).Select(c => c.Sequence).DefaultIfEmpty(since).Max();
        if (changes.Count > limit && passed == since)
        {
            // A full page of changes all younger than the settle time: move on anyway, or the client would get
            // this page for ever.
            passed = page[^1].Sequence;
        }

        var items = page.Select(c => new SyncItem
        {
            Sequence = c.Sequence,
            Kind = c.Kind,
            ConversationId = c.ConversationId,
            UserId = c.ActorId,
            At = c.CreatedAt,
            Message = c.MessageId is { } id ? messages.GetValueOrDefault(id) : null,
        }).ToList();
        return new SyncPage(items, cursors.Encode(new SyncCursor(passed)), HasMore: changes.Count > limit);
    }
}

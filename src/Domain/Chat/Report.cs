using Homelette.Domain.Common;

namespace Homelette.Domain.Chat;

public enum ReportTarget
{
    User = 0,
    Listing = 1,
    Message = 2,
}

/// <summary>A user's report of a user, listing or message, kept for moderation. One per reporter and target.</summary>
public sealed class Report : Entity
{
    private Report(Guid id, Guid reporterId, ReportTarget targetType, Guid targetId, string reason, DateTimeOffset createdAt)
        : base(id)
    {
        ReporterId = reporterId;
        TargetType = targetType;
        TargetId = targetId;
        Reason = reason;
        CreatedAt = createdAt;
    }

    public Guid ReporterId { get; private set; }

    public ReportTarget TargetType { get; private set; }

    public Guid TargetId { get; private set; }

    public string Reason { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static Report File(Guid reporterId, ReportTarget targetType, Guid targetId, string reason, DateTimeOffset now)
    {
        reason = reason?.Trim() ?? string.Empty;
        if (reason.Length is 0 or > ChatConstraints.ReportReasonMaxLength)
        {
            throw new DomainRuleException("reason", $"A reason has 1 to {ChatConstraints.ReportReasonMaxLength} characters.");
        }

        now = Clock.ToStoredPrecision(now);
        return new Report(Guid.CreateVersion7(now), reporterId, targetType, targetId, reason, now);
    }
}

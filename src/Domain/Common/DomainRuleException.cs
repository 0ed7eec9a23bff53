namespace Homelette.Domain.Common;

/// <summary>A change that would break one of the domain's rules; <see cref="Field"/> names the offending input.</summary>
public sealed class DomainRuleException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>A change that collides with the entity's current state (a full photo album, say).</summary>
public sealed class DomainConflictException(string message) : Exception(message);

/// <summary>A change the acting user may not make (editing someone else's message, say).</summary>
public sealed class DomainForbiddenException(string message) : Exception(message);

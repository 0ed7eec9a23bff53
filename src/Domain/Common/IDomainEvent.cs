using Mediator;

namespace Homelette.Domain.Common;

/// <summary>Something that happened in the domain; dispatched after the change is committed.</summary>
public interface IDomainEvent : INotification;

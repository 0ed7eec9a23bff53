namespace Homelette.Application.Common.Interfaces;

/// <summary>The signed-in user of the current request or hub call, taken from the validated token only.</summary>
public interface ICurrentUser
{
    /// <summary>The user's id, or null when the caller is anonymous.</summary>
    Guid? Id { get; }
}

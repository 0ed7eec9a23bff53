namespace Homelette.Application.Common.Exceptions;

/// <summary>The request collides with the current state (a taken email, a stale version).</summary>
public sealed class ConflictException(string message) : Exception(message);

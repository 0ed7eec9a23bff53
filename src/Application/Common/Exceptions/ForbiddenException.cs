namespace Homelette.Application.Common.Exceptions;

/// <summary>The caller is signed in but may not do this.</summary>
public sealed class ForbiddenException(string message = "You may not access this resource.") : Exception(message);

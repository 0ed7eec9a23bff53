namespace Homelette.Application.Common.Exceptions;

/// <summary>The caller could not be authenticated (wrong credentials, no user).</summary>
public sealed class UnauthorizedException(string message = "Invalid credentials.") : Exception(message);

namespace Homelette.Application.Common.Interfaces;

/// <summary>
/// Counts failed sign-ins per client address and email, for every WebApi instance together, so that guessing one
/// account's password is stopped after a few tries while the owner, from another address, can still sign in.
/// </summary>
public interface ILoginThrottle
{
    /// <summary>How long the caller must wait before signing in to this email again; null when they may try now.</summary>
    Task<TimeSpan?> RetryAfterAsync(string normalizedEmail, CancellationToken cancellationToken);

    /// <summary>Counts one failed sign-in to this email from the caller's address.</summary>
    Task RecordFailureAsync(string normalizedEmail, CancellationToken cancellationToken);
}

namespace Homelette.Application.Common.Interfaces;

/// <summary>
/// Counts failed sign-ins per client address and email, for every WebApi instance together, so that guessing one
/// account's password is stopped after a few tries while the owner, from another address, can still sign in.
/// </summary>
public interface ILoginThrottle
{
    /// <summary>
    /// Before a password is checked: counts this sign-in as a failure in advance (so that parallel guesses cannot all
    /// slip under the limit), or says how long to wait when the failures of the window are used up.
    /// </summary>
    Task<LoginAttempt> BeginAsync(string normalizedEmail, CancellationToken cancellationToken);

    /// <summary>The sign-in did not fail on its password (it succeeded, or something else went wrong): uncounts it.</summary>
    Task ForgiveAsync(LoginAttempt attempt, CancellationToken cancellationToken);
}

/// <summary>A sign-in as the throttle saw it: refused with a wait, or counted under <see cref="Slot"/>.</summary>
public sealed record LoginAttempt(string NormalizedEmail, TimeSpan? RetryAfter, string? Slot)
{
    public static LoginAttempt Refused(string normalizedEmail, TimeSpan retryAfter) => new(normalizedEmail, retryAfter, null);

    public static LoginAttempt Counted(string normalizedEmail, string? slot) => new(normalizedEmail, null, slot);
}

namespace Homelette.Application.Common.Interfaces;

public enum PasswordCheck
{
    Failed,
    Success,

    /// <summary>The password is right but its hash uses old settings and should be replaced.</summary>
    SuccessRehashNeeded,
}

/// <summary>
/// Password hashing. Deliberately slow (PBKDF2), so asynchronous: the work runs outside the request's thread, where
/// it cannot starve the rest of the server of CPU (ADR 0017).
/// </summary>
public interface IPasswordHasher
{
    /// <summary>A valid hash of no one's password, verified against when an email is unknown.</summary>
    string DecoyHash { get; }

    Task<string> HashAsync(string password, CancellationToken cancellationToken);

    Task<PasswordCheck> VerifyAsync(string hash, string password, CancellationToken cancellationToken);
}

namespace Homelette.Application.Common.Interfaces;

public enum PasswordCheck
{
    Failed,
    Success,

    /// <summary>The password is right but its hash uses old settings and should be replaced.</summary>
    SuccessRehashNeeded,
}

public interface IPasswordHasher
{
    /// <summary>A valid hash of no one's password, verified against when an email is unknown.</summary>
    string DecoyHash { get; }

    string Hash(string password);

    PasswordCheck Verify(string hash, string password);
}

using System.Security.Cryptography;
using Homelette.Application.Common.Interfaces;
using Homelette.Domain.Users;
using Microsoft.AspNetCore.Identity;

namespace Homelette.Infrastructure.Identity;

/// <summary>ASP.NET Core Identity's PBKDF2 hasher behind the application's port.</summary>
internal sealed class PasswordHasher : IPasswordHasher
{
    private readonly PasswordHasher<User> _inner = new();
    private readonly Lazy<string> _decoyHash;

    public PasswordHasher() =>
        _decoyHash = new Lazy<string>(() => Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(24))));

    public string DecoyHash => _decoyHash.Value;

    public string Hash(string password) => _inner.HashPassword(null!, password);

    public PasswordCheck Verify(string hash, string password) =>
        _inner.VerifyHashedPassword(null!, hash, password) switch
        {
            PasswordVerificationResult.Success => PasswordCheck.Success,
            PasswordVerificationResult.SuccessRehashNeeded => PasswordCheck.SuccessRehashNeeded,
            _ => PasswordCheck.Failed,
        };
}

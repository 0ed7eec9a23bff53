using System.Security.Cryptography;
using Homelette.Application.Common.Interfaces;
using Homelette.Domain.Users;
using Microsoft.AspNetCore.Identity;

namespace Homelette.Infrastructure.Identity;

/// <summary>
/// ASP.NET Core Identity's PBKDF2 hasher behind the application's port. Every hash and check runs on
/// <see cref="LowPriorityWorkers"/>: a burst of sign-ins uses the cores the rest of the server leaves idle instead
/// of taking them from it (ADR 0017).
/// </summary>
internal sealed class PasswordHasher(LowPriorityWorkers workers) : IPasswordHasher
{
    private readonly PasswordHasher<User> _inner = new();
    private readonly Lazy<string> _decoyHash = new(() => new PasswordHasher<User>().HashPassword(null!, Convert.ToBase64String(RandomNumberGenerator.GetBytes(24))));

    public string DecoyHash => _decoyHash.Value;

    public Task<string> HashAsync(string password, CancellationToken cancellationToken) =>
        workers.RunAsync(() => _inner.HashPassword(null!, password), cancellationToken);

    public Task<PasswordCheck> VerifyAsync(string hash, string password, CancellationToken cancellationToken) =>
        workers.RunAsync(
            () => _inner.VerifyHashedPassword(null!, hash, password) switch
            {
                PasswordVerificationResult.Success => PasswordCheck.Success,
                PasswordVerificationResult.SuccessRehashNeeded => PasswordCheck.SuccessRehashNeeded,
                _ => PasswordCheck.Failed,
            },
            cancellationToken);
}

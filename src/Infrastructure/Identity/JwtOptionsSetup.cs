using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Homelette.Infrastructure.Identity;

/// <summary>Fills the development key in Development only.</summary>
internal sealed class JwtOptionsDefaults(IHostEnvironment environment) : IPostConfigureOptions<JwtOptions>
{
    public void PostConfigure(string? name, JwtOptions options)
    {
        if (environment.IsDevelopment() && string.IsNullOrEmpty(options.Key))
        {
            options.Key = JwtOptions.DevelopmentKey;
        }
    }
}

/// <summary>Refuses to start with a missing, short or (outside Development) development key.</summary>
internal sealed class JwtOptionsValidator(IHostEnvironment environment) : IValidateOptions<JwtOptions>
{
    public ValidateOptionsResult Validate(string? name, JwtOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrEmpty(options.Key))
        {
            failures.Add("Jwt:Key (environment variable Jwt__Key) is required outside Development.");
        }
        else if (Encoding.UTF8.GetByteCount(options.Key) < JwtOptions.MinimumKeyBytes)
        {
            failures.Add($"Jwt:Key must be at least {JwtOptions.MinimumKeyBytes} bytes long.");
        }
        else if (!environment.IsDevelopment() && options.Key == JwtOptions.DevelopmentKey)
        {
            failures.Add("Jwt:Key is the development key, which is refused outside Development.");
        }

        if (string.IsNullOrWhiteSpace(options.Issuer))
        {
            failures.Add("Jwt:Issuer is required.");
        }

        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            failures.Add("Jwt:Audience is required.");
        }

        if (options.AccessTokenLifetime <= TimeSpan.Zero)
        {
            failures.Add("Jwt:AccessTokenLifetime must be positive.");
        }

        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > TimeSpan.FromSeconds(30))
        {
            failures.Add("Jwt:ClockSkew must be between 0 and 30 seconds.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

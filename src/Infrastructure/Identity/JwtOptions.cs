namespace Homelette.Infrastructure.Identity;

/// <summary>Settings of the bearer tokens both hosts issue and accept (configuration section "Jwt").</summary>
public sealed class JwtOptions
{
    public const string SectionName = "Jwt";

    /// <summary>
    /// Used only when the environment is Development and no key is configured. Any other
    /// environment refuses to start with it.
    /// </summary>
    public const string DevelopmentKey = "homelette-development-signing-key-not-for-production-0123456789";

    public const int MinimumKeyBytes = 32;

    /// <summary>The HS256 signing key; at least 32 bytes of UTF-8.</summary>
    public string Key { get; set; } = string.Empty;

    public string Issuer { get; set; } = "homelette";

    public string Audience { get; set; } = "homelette-clients";

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Tolerated clock difference between hosts; never more than 30 seconds.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);
}

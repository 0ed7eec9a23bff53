using Homelette.Domain.Common;

namespace Homelette.Domain.Users;

/// <summary>A student account: a subletter, a subtenant, or both.</summary>
public sealed class User : Entity
{
    private User(Guid id, string email, string firstName, string lastName, DateTimeOffset createdAt)
        : base(id)
    {
        Email = email;
        NormalizedEmail = NormalizeEmail(email);
        FirstName = firstName;
        LastName = lastName;
        CreatedAt = createdAt;
        UpdatedAt = createdAt;
    }

    public string Email { get; private set; }

    /// <summary>Trimmed, upper-invariant email: the unique key that makes emails case-insensitive.</summary>
    public string NormalizedEmail { get; private set; }

    public string PasswordHash { get; private set; } = string.Empty;

    public string FirstName { get; private set; }

    public string LastName { get; private set; }

    public string? Major { get; private set; }

    public int? GraduationYear { get; private set; }

    public string? AboutMe { get; private set; }

    public string? ProfilePictureUrl { get; private set; }

    /// <summary>When false, the user appears offline to everyone.</summary>
    public bool ShowOnlineStatus { get; private set; } = true;

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public static string NormalizeEmail(string email) => email.Trim().ToUpperInvariant();

    public static User Register(
        string email,
        string firstName,
        string lastName,
        string? major,
        int? graduationYear,
        string? aboutMe,
        DateTimeOffset now)
    {
        now = Clock.ToStoredPrecision(now);
        var user = new User(Guid.CreateVersion7(now), email.Trim(), firstName.Trim(), lastName.Trim(), now)
        {
            Major = major is null ? null : EmptyToNull(major),
            GraduationYear = graduationYear,
            AboutMe = aboutMe is null ? null : EmptyToNull(aboutMe),
        };
        return user;
    }

    public void SetPasswordHash(string passwordHash, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(passwordHash);
        PasswordHash = passwordHash;
        UpdatedAt = Clock.ToStoredPrecision(now);
    }

    public void UpdateProfile(ProfileChanges changes, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(changes);
        FirstName = changes.FirstName?.Trim() ?? FirstName;
        LastName = changes.LastName?.Trim() ?? LastName;
        Major = changes.Major is null ? Major : EmptyToNull(changes.Major);
        GraduationYear = changes.GraduationYear ?? GraduationYear;
        AboutMe = changes.AboutMe is null ? AboutMe : EmptyToNull(changes.AboutMe);
        ProfilePictureUrl = changes.ProfilePictureUrl is null ? ProfilePictureUrl : EmptyToNull(changes.ProfilePictureUrl);
        ShowOnlineStatus = changes.ShowOnlineStatus ?? ShowOnlineStatus;
        UpdatedAt = Clock.ToStoredPrecision(now);
    }

    private static string? EmptyToNull(string value)
    {
        var trimmed = value.Trim();
        return trimmed.Length == 0 ? null : trimmed;
    }
}

namespace Homelette.Domain.Users;

/// <summary>Limits of a user account, shared by validators and the database schema.</summary>
public static class UserConstraints
{
    public const int EmailMaxLength = 254;
    public const int PasswordMinLength = 8;
    public const int PasswordMaxLength = 128;
    public const int NameMaxLength = 50;
    public const int MajorMaxLength = 100;
    public const int AboutMeMaxLength = 2000;
    public const int ProfilePictureUrlMaxLength = 2048;
    public const int GraduationYearMin = 1950;
    public const int GraduationYearMax = 2100;
    public const int PasswordHashMaxLength = 512;
}

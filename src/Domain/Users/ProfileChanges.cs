namespace Homelette.Domain.Users;

/// <summary>
/// The editable part of a profile, as a partial update: a null field is left as it is;
/// an empty string clears an optional text field.
/// </summary>
public sealed record ProfileChanges(
    string? FirstName = null,
    string? LastName = null,
    string? Major = null,
    int? GraduationYear = null,
    string? AboutMe = null,
    string? ProfilePictureUrl = null,
    bool? ShowOnlineStatus = null);

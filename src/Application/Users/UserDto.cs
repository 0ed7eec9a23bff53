using System.Text.Json.Serialization;

namespace Homelette.Application.Users;

/// <summary>
/// A profile. The owner sees everything; anyone else sees the public part, without
/// <see cref="Email"/> and <see cref="ShowOnlineStatus"/> (left out of the JSON).
/// </summary>
public sealed record UserDto
{
    public required Guid Id { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Email { get; init; }

    public required string FirstName { get; init; }

    public required string LastName { get; init; }

    public string? Major { get; init; }

    public int? GraduationYear { get; init; }

    public string? AboutMe { get; init; }

    public string? ProfilePictureUrl { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? ShowOnlineStatus { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}

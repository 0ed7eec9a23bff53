using System.Text.Json.Serialization;
using Homelette.Application.Common.Exceptions;
using Homelette.Application.Common.Interfaces;
using Homelette.Application.Common.Security;
using Homelette.Domain.Users;
using Mediator;

namespace Homelette.Application.Users.Commands.UpdateProfile;

/// <summary>
/// A partial profile update: fields left out (or null) keep their value; an empty string clears an
/// optional text field. Any other field in the body (email, id, password, ...) is refused as unknown.
/// </summary>
public sealed record UpdateProfileCommand : ICommand<UserDto>
{
    /// <summary>The profile to change, from the route.</summary>
    [JsonIgnore]
    public Guid UserId { get; init; }

    public string? FirstName { get; init; }

    public string? LastName { get; init; }

    public string? Major { get; init; }

    public int? GraduationYear { get; init; }

    public string? AboutMe { get; init; }

    public string? ProfilePictureUrl { get; init; }

    public bool? ShowOnlineStatus { get; init; }
}

public sealed class UpdateProfileCommandHandler(IAppDbContext db, ICurrentUser currentUser, TimeProvider clock)
    : ICommandHandler<UpdateProfileCommand, UserDto>
{
    public async ValueTask<UserDto> Handle(UpdateProfileCommand command, CancellationToken cancellationToken)
    {
        if (currentUser.RequireId() != command.UserId)
        {
            throw new ForbiddenException("You may only edit your own profile.");
        }

        var user = await db.Users.FindAsync([command.UserId], cancellationToken)
            ?? throw new NotFoundException("User", command.UserId);
        user.UpdateProfile(
            new ProfileChanges(
                command.FirstName,
                command.LastName,
                command.Major,
                command.GraduationYear,
                command.AboutMe,
                command.ProfilePictureUrl,
                command.ShowOnlineStatus),
            clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return user.ToDto();
    }
}

using Homelette.Application.Common.Exceptions;
using Homelette.Application.Common.Interfaces;
using Homelette.Application.Common.Security;
using Homelette.Domain.Users;
using Mediator;

namespace Homelette.Application.Users.Commands.UpdateProfile;

/// <summary>Edits a profile (its owner only) with the fields of the request body.</summary>
public sealed record UpdateProfileCommand(Guid UserId, ProfileChangesInput Body) : ICommand<UserDto>;

/// <summary>
/// The request body of a profile update: fields left out (or null) keep their value; an empty string clears an
/// optional text field. Any other field (email, id, user_id, password, show_online_status, ...) is refused as unknown.
/// </summary>
public sealed record ProfileChangesInput
{
    public string? FirstName { get; init; }

    public string? LastName { get; init; }

    public string? Major { get; init; }

    public int? GraduationYear { get; init; }

    public string? AboutMe { get; init; }

    public string? ProfilePictureUrl { get; init; }
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
        var body = command.Body;
        user.UpdateProfile(
            new ProfileChanges(
                body.FirstName,
                body.LastName,
                body.Major,
                body.GraduationYear,
                body.AboutMe,
                body.ProfilePictureUrl),
            clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return user.ToDto();
    }
}

using Homelette.Domain.Users;
using Riok.Mapperly.Abstractions;

namespace Homelette.Application.Users;

[Mapper(RequiredMappingStrategy = RequiredMappingStrategy.Target)]
public static partial class UserMapper
{
    /// <summary>The whole profile, for its owner.</summary>
    public static partial UserDto ToDto(this User user);

    /// <summary>What other users may see.</summary>
    [MapperIgnoreTarget(nameof(UserDto.Email))]
    [MapperIgnoreTarget(nameof(UserDto.ShowOnlineStatus))]
    public static partial UserDto ToPublicDto(this User user);

    /// <summary>The owner sees the whole profile, anyone else the public part.</summary>
    public static UserDto ToDtoFor(this User user, Guid? viewerId)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Id == viewerId ? user.ToDto() : user.ToPublicDto();
    }
}

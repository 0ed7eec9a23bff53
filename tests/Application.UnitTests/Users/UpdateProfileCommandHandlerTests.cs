using Homelette.Application.Common.Exceptions;
using Homelette.Application.Common.Interfaces;
using Homelette.Application.Users.Commands.UpdateProfile;
using Homelette.Domain.Users;
using Microsoft.EntityFrameworkCore;
using NSubstitute;

namespace Homelette.Application.UnitTests.Users;

public sealed class UpdateProfileCommandHandlerTests
{
    private readonly IAppDbContext _db = Substitute.For<IAppDbContext>();
    private readonly ICurrentUser _currentUser = Substitute.For<ICurrentUser>();
    private readonly DbSet<User> _users = Substitute.For<DbSet<User>>();
    private readonly User _ann = User.Register("ann@example.edu", "Ann", "Lee", null, null, null, DateTimeOffset.UtcNow);

    public UpdateProfileCommandHandlerTests()
    {
        _users.FindAsync(Arg.Any<object?[]?>(), Arg.Any<CancellationToken>()).Returns(_ => ValueTask.FromResult<User?>(_ann));
        _db.Users.Returns(_users);
    }

    private UpdateProfileCommandHandler Handler() => new(_db, _currentUser, TimeProvider.System);

    [Fact]
    public async Task ShouldForbidWithoutLoadingAnything_WhenTheProfileIsSomeoneElses()
    {
        _currentUser.Id.Returns(Guid.CreateVersion7());

        await Should.ThrowAsync<ForbiddenException>(
            async () => await Handler().Handle(new UpdateProfileCommand(_ann.Id, new ProfileChangesInput { FirstName = "Hacked" }), CancellationToken.None));

        _ann.FirstName.ShouldBe("Ann");
        await _users.DidNotReceive().FindAsync(Arg.Any<object?[]?>(), Arg.Any<CancellationToken>());
        await _db.DidNotReceive().SaveChangesAsync(Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task ShouldRequireASignedInUser()
    {
        _currentUser.Id.Returns((Guid?)null);

        await Should.ThrowAsync<UnauthorizedException>(
            async () => await Handler().Handle(new UpdateProfileCommand(_ann.Id, new ProfileChangesInput()), CancellationToken.None));
    }

    [Fact]
    public async Task ShouldSaveTheChanges_WhenTheProfileIsYourOwn()
    {
        _currentUser.Id.Returns(_ann.Id);

        var result = await Handler().Handle(new UpdateProfileCommand(_ann.Id, new ProfileChangesInput { Major = "Physics" }), CancellationToken.None);

        result.Major.ShouldBe("Physics");
        result.Email.ShouldBe("ann@example.edu");
        await _db.Received(1).SaveChangesAsync(Arg.Any<CancellationToken>());
    }
}

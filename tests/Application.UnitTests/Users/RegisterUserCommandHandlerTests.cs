using Homelette.Application.Common.Exceptions;
using Homelette.Application.Common.Interfaces;
using Homelette.Application.UnitTests.TestDoubles;
using Homelette.Application.Users.Commands.RegisterUser;
using Homelette.Domain.Users;
using NSubstitute;

namespace Homelette.Application.UnitTests.Users;

public sealed class RegisterUserCommandHandlerTests
{
    private readonly IAppDbContext _db = Substitute.For<IAppDbContext>();
    private readonly IPasswordHasher _hasher = Substitute.For<IPasswordHasher>();
    private readonly List<User> _users = [];

    public RegisterUserCommandHandlerTests()
    {
        var users = FakeDbSet.Of(_users);
        _db.Users.Returns(users);
        _hasher.HashAsync(Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns("hashed");
    }

    private RegisterUserCommandHandler Handler() => new(_db, _hasher, TimeProvider.System);

    [Fact]
    public async Task ShouldStoreTheHashNotThePassword()
    {
        var dto = await Handler().Handle(new RegisterUserCommand("ann@example.edu", "secret password", "Ann", "Lee"), CancellationToken.None);

        _users.Single().PasswordHash.ShouldBe("hashed");
        dto.Email.ShouldBe("ann@example.edu");
        await _db.Received(1).SaveChangesAsync(Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task ShouldConflictAndSaveNothing_WhenTheEmailIsTakenInAnotherCase()
    {
        _users.Add(User.Register("ann@example.edu", "Ann", "Lee", null, null, null, DateTimeOffset.UtcNow));

        await Should.ThrowAsync<ConflictException>(
            async () => await Handler().Handle(new RegisterUserCommand(" ANN@EXAMPLE.EDU", "secret password", "Other", "One"), CancellationToken.None));

        _users.Count.ShouldBe(1);
        await _db.DidNotReceive().SaveChangesAsync(Arg.Any<CancellationToken>());
    }
}

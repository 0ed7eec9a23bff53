using FluentValidation;
using Homelette.Application.Auth.Commands.ChangePassword;
using Homelette.Application.Common.Interfaces;
using Homelette.Domain.Users;
using Microsoft.EntityFrameworkCore;
using NSubstitute;

namespace Homelette.Application.UnitTests.Auth;

public sealed class ChangePasswordCommandHandlerTests
{
    private readonly IAppDbContext _db = Substitute.For<IAppDbContext>();
    private readonly ICurrentUser _currentUser = Substitute.For<ICurrentUser>();
    private readonly IPasswordHasher _hasher = Substitute.For<IPasswordHasher>();
    private readonly User _ann = User.Register("ann@example.edu", "Ann", "Lee", null, null, null, DateTimeOffset.UtcNow);

    public ChangePasswordCommandHandlerTests()
    {
        _ann.SetPasswordHash("old-hash", DateTimeOffset.UtcNow);
        var users = Substitute.For<DbSet<User>>();
        users.FindAsync(Arg.Any<object?[]?>(), Arg.Any<CancellationToken>()).Returns(_ => ValueTask.FromResult<User?>(_ann));
        _db.Users.Returns(users);
        _currentUser.Id.Returns(_ann.Id);
    }

    private ChangePasswordCommandHandler Handler() => new(_db, _currentUser, _hasher, TimeProvider.System);

    [Fact]
    public async Task ShouldStoreTheNewHash_WhenTheCurrentPasswordIsRight()
    {
        _hasher.VerifyAsync("old-hash", "old password", Arg.Any<CancellationToken>()).Returns(PasswordCheck.Success);
        _hasher.HashAsync("new password", Arg.Any<CancellationToken>()).Returns("new-hash");

        await Handler().Handle(new ChangePasswordCommand("old password", "new password"), CancellationToken.None);

        _ann.PasswordHash.ShouldBe("new-hash");
        await _db.Received(1).SaveChangesAsync(Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task ShouldRefuseAndSaveNothing_WhenTheCurrentPasswordIsWrong()
    {
        _hasher.VerifyAsync("old-hash", "guess", Arg.Any<CancellationToken>()).Returns(PasswordCheck.Failed);

        var exception = await Should.ThrowAsync<ValidationException>(
            async () => await Handler().Handle(new ChangePasswordCommand("guess", "new password"), CancellationToken.None));

        exception.Errors.Single().PropertyName.ShouldBe(nameof(ChangePasswordCommand.CurrentPassword));
        _ann.PasswordHash.ShouldBe("old-hash");
        await _db.DidNotReceive().SaveChangesAsync(Arg.Any<CancellationToken>());
    }
}

using Homelette.Application.Auth.Commands.Login;
using Homelette.Application.Common.Exceptions;
using Homelette.Application.Common.Interfaces;
using Homelette.Application.UnitTests.TestDoubles;
using Homelette.Domain.Users;
using NSubstitute;

namespace Homelette.Application.UnitTests.Auth;

public sealed class LoginCommandHandlerTests
{
    private readonly IAppDbContext _db = Substitute.For<IAppDbContext>();
    private readonly IPasswordHasher _hasher = Substitute.For<IPasswordHasher>();
    private readonly ITokenIssuer _tokens = Substitute.For<ITokenIssuer>();
    private readonly User _ann = User.Register("Ann@Example.edu", "Ann", "Lee", null, null, null, DateTimeOffset.UtcNow);

    public LoginCommandHandlerTests()
    {
        _ann.SetPasswordHash("stored-hash", DateTimeOffset.UtcNow);
        var users = FakeDbSet.Of([_ann]);
        _db.Users.Returns(users);
        _hasher.DecoyHash.Returns("decoy-hash");
        _tokens.Issue(Arg.Any<User>()).Returns(new IssuedToken("jwt", 3600));
        _throttle.BeginAsync(Arg.Any<string>(), Arg.Any<CancellationToken>())
            .Returns(call => LoginAttempt.Counted(call.ArgAt<string>(0), "slot"));
    }

    private readonly ILoginThrottle _throttle = Substitute.For<ILoginThrottle>();

    private LoginCommandHandler Handler() => new(_db, _hasher, _tokens, _throttle, TimeProvider.System);

    [Fact]
    public async Task ShouldIssueAToken_WhenThePasswordIsRight()
    {
        _hasher.VerifyAsync("stored-hash", "right", Arg.Any<CancellationToken>()).Returns(PasswordCheck.Success);

        var result = await Handler().Handle(new LoginCommand(" ANN@example.edu ", "right"), CancellationToken.None);

        result.AccessToken.ShouldBe("jwt");
        result.TokenType.ShouldBe("Bearer");
        result.ExpiresIn.ShouldBe(3600);
        result.User.Id.ShouldBe(_ann.Id);
        await _db.DidNotReceive().SaveChangesAsync(Arg.Any<CancellationToken>());
        await _throttle.Received(1).ForgiveAsync(Arg.Is<LoginAttempt>(a => a.Slot == "slot"), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task ShouldRefuseWithoutAToken_WhenThePasswordIsWrong()
    {
        _hasher.VerifyAsync("stored-hash", "wrong", Arg.Any<CancellationToken>()).Returns(PasswordCheck.Failed);

        await Should.ThrowAsync<UnauthorizedException>(async () => await Handler().Handle(new LoginCommand("ann@example.edu", "wrong"), CancellationToken.None));

        _tokens.DidNotReceive().Issue(Arg.Any<User>());
        await _throttle.Received(1).BeginAsync("ANN@EXAMPLE.EDU", Arg.Any<CancellationToken>());
        await _throttle.DidNotReceive().ForgiveAsync(Arg.Any<LoginAttempt>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task ShouldStillVerifyADecoyHash_WhenTheEmailIsUnknown()
    {
        await Should.ThrowAsync<UnauthorizedException>(async () => await Handler().Handle(new LoginCommand("nobody@example.edu", "whatever"), CancellationToken.None));

        await _hasher.Received(1).VerifyAsync("decoy-hash", "whatever", Arg.Any<CancellationToken>());
        await _throttle.Received(1).BeginAsync("NOBODY@EXAMPLE.EDU", Arg.Any<CancellationToken>());
        await _throttle.DidNotReceive().ForgiveAsync(Arg.Any<LoginAttempt>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task ShouldUncountTheSignIn_WhenSomethingOtherThanThePasswordFails()
    {
        _hasher.VerifyAsync("stored-hash", "right", Arg.Any<CancellationToken>()).Returns(PasswordCheck.Success);
        _tokens.Issue(Arg.Any<User>()).Returns(_ => throw new InvalidOperationException("signing failed"));

        await Should.ThrowAsync<InvalidOperationException>(async () => await Handler().Handle(new LoginCommand("ann@example.edu", "right"), CancellationToken.None));

        await _throttle.Received(1).ForgiveAsync(Arg.Is<LoginAttempt>(a => a.Slot == "slot"), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task ShouldRefuseWithTheWaitAndCheckNoPassword_WhenTooManySignInsFailed()
    {
        _hasher.VerifyAsync("stored-hash", "right", Arg.Any<CancellationToken>()).Returns(PasswordCheck.Success);
        _throttle.BeginAsync("ANN@EXAMPLE.EDU", Arg.Any<CancellationToken>())
            .Returns(LoginAttempt.Refused("ANN@EXAMPLE.EDU", TimeSpan.FromSeconds(42.3)));

        var refused = await Should.ThrowAsync<RateLimitedException>(async () =>
            await Handler().Handle(new LoginCommand(" Ann@Example.edu", "right"), CancellationToken.None));

        refused.RetryAfter.ShouldBe(TimeSpan.FromSeconds(42.3));
        refused.Message.ShouldContain("43 seconds");
        await _hasher.DidNotReceive().VerifyAsync(Arg.Any<string>(), Arg.Any<string>(), Arg.Any<CancellationToken>());
        _tokens.DidNotReceive().Issue(Arg.Any<User>());
        await _throttle.DidNotReceive().ForgiveAsync(Arg.Any<LoginAttempt>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task ShouldStoreANewHash_WhenTheHasherAsksForARehash()
    {
        _hasher.VerifyAsync("stored-hash", "right", Arg.Any<CancellationToken>()).Returns(PasswordCheck.SuccessRehashNeeded);
        _hasher.HashAsync("right", Arg.Any<CancellationToken>()).Returns("new-hash");

        await Handler().Handle(new LoginCommand("ann@example.edu", "right"), CancellationToken.None);

        _ann.PasswordHash.ShouldBe("new-hash");
        await _db.Received(1).SaveChangesAsync(Arg.Any<CancellationToken>());
    }
}

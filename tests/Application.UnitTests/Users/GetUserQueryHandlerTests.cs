using Homelette.Application.Common.Exceptions;
using Homelette.Application.Common.Interfaces;
using Homelette.Application.UnitTests.TestDoubles;
using Homelette.Application.Users.Queries.GetUser;
using Homelette.Domain.Users;
using NSubstitute;

namespace Homelette.Application.UnitTests.Users;

public sealed class GetUserQueryHandlerTests
{
    private readonly IAppDbContext _db = Substitute.For<IAppDbContext>();
    private readonly ICurrentUser _currentUser = Substitute.For<ICurrentUser>();
    private readonly User _ann = User.Register("ann@example.edu", "Ann", "Lee", null, null, null, DateTimeOffset.UtcNow);

    public GetUserQueryHandlerTests()
    {
        var users = FakeDbSet.Of([_ann]);
        _db.Users.Returns(users);
    }

    private GetUserQueryHandler Handler() => new(_db, _currentUser);

    [Fact]
    public async Task ShouldShowTheEmail_ToTheOwner()
    {
        _currentUser.Id.Returns(_ann.Id);

        var dto = await Handler().Handle(new GetUserQuery(_ann.Id), CancellationToken.None);

        dto.Email.ShouldBe("ann@example.edu");
        dto.ShowOnlineStatus.ShouldBe(true);
    }

    [Fact]
    public async Task ShouldHideTheEmail_FromAnyoneElse()
    {
        _currentUser.Id.Returns(Guid.CreateVersion7());

        var dto = await Handler().Handle(new GetUserQuery(_ann.Id), CancellationToken.None);

        dto.Email.ShouldBeNull();
        dto.ShowOnlineStatus.ShouldBeNull();
        dto.FirstName.ShouldBe("Ann");
    }

    [Fact]
    public async Task ShouldAnswerNotFound_WhenTheUserDoesNotExist()
    {
        _currentUser.Id.Returns(_ann.Id);

        await Should.ThrowAsync<NotFoundException>(async () => await Handler().Handle(new GetUserQuery(Guid.CreateVersion7()), CancellationToken.None));
    }
}

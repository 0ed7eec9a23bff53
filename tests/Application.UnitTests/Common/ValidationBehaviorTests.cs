using FluentValidation;
using Homelette.Application.Common.Behaviors;
using Homelette.Application.Users;
using Homelette.Application.Users.Commands.RegisterUser;
using Mediator;

namespace Homelette.Application.UnitTests.Common;

public sealed class ValidationBehaviorTests
{
    [Fact]
    public async Task ShouldNotCallTheHandler_WhenValidationFails()
    {
        var behavior = new ValidationBehavior<RegisterUserCommand, UserDto>([new RegisterUserCommandValidator()]);
        var handlerCalled = false;

        await Should.ThrowAsync<ValidationException>(async () => await behavior.Handle(
            new RegisterUserCommand("bad", "x", "", "", null, null, null),
            (_, _) =>
            {
                handlerCalled = true;
                return ValueTask.FromResult<UserDto>(null!);
            },
            CancellationToken.None));

        handlerCalled.ShouldBeFalse();
    }

    [Fact]
    public async Task ShouldCallTheHandler_WhenValidationPasses()
    {
        var behavior = new ValidationBehavior<RegisterUserCommand, UserDto>([new RegisterUserCommandValidator()]);
        var expected = new UserDto { Id = Guid.NewGuid(), FirstName = "Ann", LastName = "Lee", CreatedAt = DateTimeOffset.UtcNow };

        var result = await behavior.Handle(
            new RegisterUserCommand("ann@example.edu", "long enough", "Ann", "Lee"),
            (_, _) => ValueTask.FromResult(expected),
            CancellationToken.None);

        result.ShouldBeSameAs(expected);
    }

    [Fact]
    public void ShouldBeAPipelineBehaviorForEveryMessage() =>
        typeof(ValidationBehavior<,>).GetInterfaces().ShouldContain(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IPipelineBehavior<,>));
}

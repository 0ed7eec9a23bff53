using Homelette.Application.Common.Interfaces;
using Homelette.Infrastructure.Data;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;

namespace Homelette.Infrastructure.UnitTests.Data;

/// <summary>The pooled contexts as the hosts register them; nothing here connects to a database.</summary>
public sealed class DatabaseSetupTests
{
    private const string Unreachable = "Server=127.0.0.1;Port=1;Database=homelette_never;User ID=nobody;Password=nothing";

    private static ServiceProvider Services() => new ServiceCollection()
        .AddScoped(_ => Substitute.For<IPublisher>())
        .AddHomeletteDatabase(Unreachable)
        .BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });

    [Fact]
    public void ShouldGiveTheUseCasesTheScopesContextWithTheScopesPublisher()
    {
        using var services = Services();
        using var scope = services.CreateScope();

        var context = scope.ServiceProvider.GetRequiredService<IAppDbContext>();

        context.ShouldBeSameAs(scope.ServiceProvider.GetRequiredService<HomeletteDbContext>());
        ((HomeletteDbContext)context).Publisher.ShouldBeSameAs(scope.ServiceProvider.GetRequiredService<IPublisher>());
    }

    [Fact]
    public void ShouldReuseAContextWithoutTheLastScopesPublisher_WhenTheScopeThatHadItEnded()
    {
        using var services = Services();
        HomeletteDbContext first;
        using (var scope = services.CreateScope())
        {
            first = (HomeletteDbContext)scope.ServiceProvider.GetRequiredService<IAppDbContext>();
        }

        using var next = services.CreateScope();
        var second = next.ServiceProvider.GetRequiredService<HomeletteDbContext>();

        second.ShouldBeSameAs(first, "the pool hands the same context out again");
        second.Publisher.ShouldBeNull();
        Should.NotThrow(() => second.ChangeTracker.Entries().ToList(), "a context back from the pool is usable, not disposed");
    }

    [Fact]
    public void ShouldHandTwoLiveScopesTwoContexts_AfterAScopeThatResolvedItTwiceEnded()
    {
        using var services = Services();
        using (var scope = services.CreateScope())
        {
            // Both registrations of the one context: the scope disposes it twice, the pool must take it back once.
            scope.ServiceProvider.GetRequiredService<IAppDbContext>();
            scope.ServiceProvider.GetRequiredService<HomeletteDbContext>();
        }

        using var first = services.CreateScope();
        using var second = services.CreateScope();

        first.ServiceProvider.GetRequiredService<HomeletteDbContext>()
            .ShouldNotBeSameAs(second.ServiceProvider.GetRequiredService<HomeletteDbContext>());
    }
}

using Homelette.Infrastructure.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;
using NSubstitute;

namespace Homelette.Infrastructure.UnitTests.Data;

public sealed class DatabaseSetupTests
{
    // Never connected to: building options and renting contexts does not open a connection.
    private const string Unreachable = "Server=127.0.0.1;Port=1;Database=homelette_never;User ID=nobody;Password=nothing";

    [Fact]
    public void ShouldTurnTheConnectionResetOff_WhenTheConnectionStringDoesNotMentionIt() =>
        new MySqlConnectionStringBuilder(DatabaseSetup.WithoutConnectionReset(Unreachable)).ConnectionReset.ShouldBeFalse();

    [Theory]
    [InlineData("Connection Reset=true")]
    [InlineData("ConnectionReset=True")]
    public void ShouldKeepTheConnectionReset_WhenTheConnectionStringAsksForIt(string setting) =>
        new MySqlConnectionStringBuilder(DatabaseSetup.WithoutConnectionReset($"{Unreachable};{setting}")).ConnectionReset.ShouldBeTrue();

    [Fact]
    public void ShouldKeepEverythingElseOfTheConnectionString()
    {
        var tuned = new MySqlConnectionStringBuilder(DatabaseSetup.WithoutConnectionReset(Unreachable));

        tuned.Server.ShouldBe("127.0.0.1");
        tuned.Port.ShouldBe(1u);
        tuned.Database.ShouldBe("homelette_never");
        tuned.UserID.ShouldBe("nobody");
        tuned.Password.ShouldBe("nothing");
    }

    [Fact]
    public void ShouldForgetThePublisher_WhenAPooledContextGoesBackToThePool()
    {
        using var services = new ServiceCollection()
            .AddPooledDbContextFactory<HomeletteDbContext>(options => DatabaseSetup.Configure(options, Unreachable))
            .BuildServiceProvider();
        var factory = services.GetRequiredService<IDbContextFactory<HomeletteDbContext>>();
        var first = factory.CreateDbContext();
        first.Publisher = Substitute.For<IPublisher>();

        first.Dispose();
        using var second = factory.CreateDbContext();

        second.ShouldBeSameAs(first, "the pool hands the same context out again");
        second.Publisher.ShouldBeNull();
    }
}

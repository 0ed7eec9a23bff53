using System.Data;
using Homelette.Application.Common.Interfaces;
using Homelette.Infrastructure.Data;
using Homelette.WebApi.FunctionalTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Homelette.WebApi.FunctionalTests.Platform;

/// <summary><see cref="IAppDbContext.HoldConnectionAsync"/> on the real MariaDB (ADR 0015).</summary>
public sealed class HeldConnectionTests(WebApiFactory factory) : WebApiTestBase(factory)
{
    [Fact]
    public async Task ShouldRunStatementsOnOneOpenConnection_UntilTheHoldIsGivenBack()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HomeletteDbContext>();
        var connection = db.Database.GetDbConnection();

        long first, second;
        await using (await ((IAppDbContext)db).HoldConnectionAsync(CancellationToken.None))
        {
            first = await ConnectionIdAsync(db);
            connection.State.ShouldBe(ConnectionState.Open, "EF Core does not close a held connection after a statement");
            await db.Users.AnyAsync();
            second = await ConnectionIdAsync(db);
            connection.State.ShouldBe(ConnectionState.Open);
        }

        second.ShouldBe(first, "every statement ran in the same MariaDB session");
        connection.State.ShouldBe(ConnectionState.Closed, "the connection went back to the pool with the hold");
    }

    [Fact]
    public async Task ShouldCloseTheConnectionAfterEachStatement_WhenNothingHoldsIt()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HomeletteDbContext>();

        await ConnectionIdAsync(db);

        db.Database.GetDbConnection().State.ShouldBe(ConnectionState.Closed);
    }

    private static Task<long> ConnectionIdAsync(HomeletteDbContext db) =>
        db.Database.SqlQueryRaw<long>("SELECT CONNECTION_ID() AS `Value`").SingleAsync();
}

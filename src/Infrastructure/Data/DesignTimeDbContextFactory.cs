using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Homelette.Infrastructure.Data;

/// <summary>Lets `dotnet ef` build the context without starting a host.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<HomeletteDbContext>
{
    public HomeletteDbContext CreateDbContext(string[] args)
    {
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Default")
            ?? DatabaseSetup.DevelopmentConnectionString;
        var options = new DbContextOptionsBuilder<HomeletteDbContext>();
        DatabaseSetup.Configure(options, connectionString, DatabaseSetup.MigrationCommandTimeout);
        return new HomeletteDbContext(options.Options);
    }
}

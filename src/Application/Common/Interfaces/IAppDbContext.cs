using Homelette.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace Homelette.Application.Common.Interfaces;

/// <summary>The unit of work the use cases read and write through.</summary>
public interface IAppDbContext
{
    DbSet<User> Users { get; }

    Task<int> SaveChangesAsync(CancellationToken cancellationToken);
}

using FluentValidation;
using Microsoft.Extensions.DependencyInjection;

namespace Homelette.Application;

public static class DependencyInjection
{
    /// <summary>Registers the validators; the hosts register the mediator with the behaviours in order.</summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        services.AddValidatorsFromAssembly(typeof(DependencyInjection).Assembly, includeInternalTypes: true);
        return services;
    }
}

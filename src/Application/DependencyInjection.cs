using FluentValidation;
using Microsoft.Extensions.DependencyInjection;

namespace Homelette.Application;

public static class DependencyInjection
{

    /// <summary>Registers the validators; the hosts register the mediator with the behaviours in order.</summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        // Validators of parts of a body (built with arguments by their parent validator) are not registered on their own.
        // Those registered take nothing and keep no state: one instance each, since building the rules costs more
        // than checking them.
        services.AddValidatorsFromAssembly(
            typeof(DependencyInjection).Assembly,
            ServiceLifetime.Singleton,
            filter: scan => scan.ValidatorType.GetConstructor(Type.EmptyTypes) is not null,
            includeInternalTypes: true);
        services.AddScoped<Chat.Messages.MessageSending>();
        services.AddScoped<Chat.Messages.ReadPointers>();
        return services;
    }
}

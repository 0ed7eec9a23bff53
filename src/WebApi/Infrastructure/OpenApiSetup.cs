using Homelette.Infrastructure.Web;
using NJsonSchema;
using NJsonSchema.Generation;
using NSwag;

namespace Homelette.WebApi.Infrastructure;

internal static class OpenApiSetup
{
    public const string DocumentName = "v1";
    public const string SecuritySchemeName = "Bearer";

    public static IServiceCollection AddHomeletteOpenApi(this IServiceCollection services) =>
        services.AddOpenApiDocument(settings =>
        {
            settings.DocumentName = DocumentName;
            settings.Title = "Homelette API";
            settings.Version = "v1";
            settings.Description = "REST API of Homelette, the student sublease marketplace.";
            settings.SchemaSettings = new SystemTextJsonSchemaGeneratorSettings
            {
                SchemaType = SchemaType.OpenApi3,
                SerializerOptions = JsonDefaults.Create(),
            };
            settings.AddSecurity(SecuritySchemeName, new OpenApiSecurityScheme
            {
                Type = OpenApiSecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "The access_token from POST /api/auth/login.",
            });
            settings.OperationProcessors.Add(new ProblemResponsesOperationProcessor());
        });
}

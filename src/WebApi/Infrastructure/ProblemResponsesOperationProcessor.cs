using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Namotion.Reflection;
using NJsonSchema;
using NSwag;
using NSwag.Generation.AspNetCore;
using NSwag.Generation.Processors;
using NSwag.Generation.Processors.Contexts;

namespace Homelette.WebApi.Infrastructure;

/// <summary>
/// Documents the problem-details responses every operation can give: 400 (validation), 500, 413 and 415 when it
/// takes a body, and, unless the operation allows anonymous callers, the bearer requirement and 401.
/// </summary>
internal sealed class ProblemResponsesOperationProcessor : IOperationProcessor
{
    public bool Process(OperationProcessorContext context)
    {
        var operation = context.OperationDescription.Operation;
        var anonymous = context is AspNetCoreOperationProcessorContext aspNet
            && aspNet.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any();

        AddProblem(context, operation, "400", typeof(HttpValidationProblemDetails), "The request is not valid.");
        if (!anonymous)
        {
            // The fallback policy requires a signed-in user wherever an endpoint does not allow anonymous callers.
            operation.Security = [new OpenApiSecurityRequirement { [OpenApiSetup.SecuritySchemeName] = [] }];
            AddProblem(context, operation, "401", typeof(ProblemDetails), "No valid bearer token.");
        }

        if (operation.RequestBody is not null)
        {
            AddProblem(context, operation, "413", typeof(ProblemDetails), "The request body is too large.");
            AddProblem(context, operation, "415", typeof(ProblemDetails), "The request body has the wrong media type.");
        }

        AddProblem(context, operation, "500", typeof(ProblemDetails), "An unexpected error.");

        // Declared problems (ProducesProblem) come out as application/json; every error body is problem+json.
        foreach (var (_, response) in operation.Responses.Where(r => !r.Key.StartsWith('2')))
        {
            if (response.Content.Remove("application/json", out var media))
            {
                response.Content["application/problem+json"] = media;
            }
        }

        return true;
    }

    private static void AddProblem(OperationProcessorContext context, OpenApiOperation operation, string status, Type type, string description)
    {
        if (operation.Responses.ContainsKey(status))
        {
            return;
        }

        var schema = context.SchemaGenerator.GenerateWithReferenceAndNullability<JsonSchema>(
            type.ToContextualType(), isNullable: false, context.SchemaResolver);
        var response = new OpenApiResponse { Description = description };
        response.Content["application/problem+json"] = new OpenApiMediaType { Schema = schema };
        operation.Responses[status] = response;
    }
}

using System.Text.Json.Nodes;

namespace Homelette.WebApi.FunctionalTests.Security.Fuzzing;

internal enum ParameterPlace
{
    Path,
    Query,
    Header,
}

/// <summary>A parameter of an operation, with its schema resolved.</summary>
internal sealed record ApiParameter(string Name, ParameterPlace In, JsonObject Schema, bool Required);

/// <summary>One operation of the OpenAPI document: where it is, what it takes, whether it needs a token.</summary>
internal sealed record FuzzOperation(
    string Id,
    string Method,
    string Path,
    IReadOnlyList<ApiParameter> Parameters,
    string? BodyContentType,
    JsonObject? BodySchema,
    bool Anonymous)
{
    public IEnumerable<ApiParameter> In(ParameterPlace place) => Parameters.Where(p => p.In == place);

    public bool HasJsonBody => BodyContentType == "application/json";

    public bool HasMultipartBody => BodyContentType == "multipart/form-data";

    public override string ToString() => $"{Method} {Path}";
}

/// <summary>Reads the operations of an OpenAPI 3 document as NSwag writes them (src/Client/openapi.json).</summary>
internal static class OpenApiModel
{
    /// <summary>The resolved schema keeps the name of the component it came from here.</summary>
    public const string SchemaName = "x-fuzz-schema";

    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    public static IReadOnlyList<FuzzOperation> Load(string file)
    {
        var document = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        var components = document["components"]!["schemas"]!.AsObject();
        var operations = new List<FuzzOperation>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, node) in item!.AsObject())
            {
                if (!Methods.Contains(method))
                {
                    continue;
                }

                var operation = node!.AsObject();
                var parameters = (operation["parameters"]?.AsArray() ?? [])
                    .Select(p => new ApiParameter(
                        p!["name"]!.GetValue<string>(),
                        Enum.Parse<ParameterPlace>(p["in"]!.GetValue<string>(), ignoreCase: true),
                        Resolve(p["schema"]!, components),
                        p["required"]?.GetValue<bool>() ?? false))
                    .ToList();
                var content = operation["requestBody"]?["content"]?.AsObject().FirstOrDefault();
                operations.Add(new FuzzOperation(
                    operation["operationId"]!.GetValue<string>(),
                    method.ToUpperInvariant(),
                    path,
                    parameters,
                    content?.Key,
                    content?.Value?["schema"] is { } schema ? Resolve(schema, components) : null,
                    operation["security"] is null));
            }
        }

        return operations;
    }

    /// <summary>
    /// A self-contained copy of a schema: each <c>$ref</c> replaced by the component, and NSwag's wrapper for a
    /// nullable reference (<c>{"nullable": true, "oneOf": [{"$ref": ...}]}</c>) by the component marked nullable.
    /// </summary>
    public static JsonObject Resolve(JsonNode schema, JsonObject components)
    {
        var source = schema.AsObject();
        var nullable = source["nullable"]?.GetValue<bool>() ?? false;
        if (source["$ref"] is { } reference)
        {
            var name = reference.GetValue<string>().Split('/')[^1];
            var resolved = Resolve(components[name]!, components);
            resolved[SchemaName] = name;
            return MarkNullable(resolved, nullable);
        }

        if (source["oneOf"] is JsonArray { Count: 1 } only)
        {
            return MarkNullable(Resolve(only[0]!, components), nullable);
        }

        var copy = source.DeepClone().AsObject();
        if (copy["properties"] is JsonObject properties)
        {
            foreach (var name in properties.Select(p => p.Key).ToList())
            {
                properties[name] = Resolve(properties[name]!, components);
            }
        }

        if (copy["items"] is { } items)
        {
            copy["items"] = Resolve(items, components);
        }

        return copy;
    }

    public static string? Type(JsonObject schema) => schema["type"]?.GetValue<string>();

    public static string? Format(JsonObject schema) => schema["format"]?.GetValue<string>();

    public static string? Name(JsonObject schema) => schema[SchemaName]?.GetValue<string>();

    public static bool IsNullable(JsonObject schema) => schema["nullable"]?.GetValue<bool>() ?? false;

    public static IReadOnlyList<string> EnumValues(JsonObject schema) =>
        schema["enum"] is JsonArray values ? [.. values.Select(v => v!.ToString())] : [];

    public static IEnumerable<(string Name, JsonObject Schema)> Properties(JsonObject schema) =>
        schema["properties"] is JsonObject properties
            ? properties.Select(p => (p.Key, p.Value!.AsObject()))
            : [];

    /// <summary>Every field of a body, nested ones too, as a path of property names.</summary>
    public static IEnumerable<(string[] Path, JsonObject Schema)> Fields(JsonObject schema, string[]? prefix = null)
    {
        prefix ??= [];
        foreach (var (name, property) in Properties(schema))
        {
            string[] path = [.. prefix, name];
            yield return (path, property);
            foreach (var nested in Fields(property, path))
            {
                yield return nested;
            }
        }
    }

    private static JsonObject MarkNullable(JsonObject schema, bool nullable)
    {
        if (nullable)
        {
            schema["nullable"] = true;
        }

        return schema;
    }
}

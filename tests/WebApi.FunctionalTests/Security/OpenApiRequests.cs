using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Homelette.WebApi.FunctionalTests.Listings;

namespace Homelette.WebApi.FunctionalTests.Security;

/// <summary>One operation of the OpenAPI document.</summary>
public sealed partial record ApiOperation(string Method, string Path, string OperationId, JsonObject Node)
{
    /// <summary>The names of the path's template parameters, in order.</summary>
    public IReadOnlyList<string> PathParameters => [.. TemplateParameter().Matches(Path).Select(m => m.Groups[1].Value)];

    /// <summary>The query parameters that name an object by id (<c>conversation_id</c>, <c>with_user_id</c>, ...).</summary>
    public IReadOnlyList<string> QueryIdParameters => [.. Parameters("query").Select(p => p.Name).Where(OpenApiRequests.IsIdName)];

    /// <summary>Whether a caller can point this operation at someone's object: an id in its path or query.</summary>
    public bool TakesIds => PathParameters.Count > 0 || QueryIdParameters.Count > 0;

    /// <summary>Whether the operation documents both 201 and 200: "created", or "it was already there" (no change).</summary>
    public bool IsIdempotentCreate => Node["responses"]?.AsObject() is { } responses && responses.ContainsKey("201") && responses.ContainsKey("200");

    public IEnumerable<(string Name, bool Required, JsonNode Schema)> Parameters(string location) =>
        Node["parameters"]?.AsArray()
            .Select(p => p!.AsObject())
            .Where(p => p["in"]!.GetValue<string>() == location)
            .Select(p => (p["name"]!.GetValue<string>(), p["required"]?.GetValue<bool>() == true, p["schema"] ?? new JsonObject()))
        ?? [];

    public override string ToString() => $"{OperationId} ({Method} {Path})";

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex TemplateParameter();
}

/// <summary>
/// The objects of one user that the requests point at, by kind, and the text a search sends (<c>q</c>): a word of
/// that user's messages, so that a search that reached them would return them.
/// </summary>
public sealed record TargetIds(Guid User, Guid Listing, IReadOnlyList<Guid> Images, Guid Conversation, Guid Message, string SearchText)
{
    /// <summary>The id of an object of that kind ("user", "listing", "image", "conversation", "message"; a user's roles name users too).</summary>
    public Guid Of(string kind, string where) => kind switch
    {
        "user" or "owner" or "sender" or "recipient" => User,
        "listing" => Listing,
        "image" => Images[0],
        "conversation" => Conversation,
        "message" => Message,
        _ => throw new InvalidOperationException(
            $"{where}: no object of kind '{kind}'. Give the test's world such an object and add it to {nameof(TargetIds)}."),
    };
}

/// <summary>
/// The checked-in OpenAPI document (src/Client/openapi.json, which OpenApiTests keeps equal to the served one), and
/// requests built from it: every id in a path or query points at the target's objects, and every body is made from
/// the operation's request schema so that it passes validation (the owner's run of the same requests proves it).
/// </summary>
public sealed class OpenApiRequests
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    /// <summary>The collection a path parameter follows names the kind of object it takes: /api/listings/{id}.</summary>
    private static readonly Dictionary<string, string> KindOfCollection = new(StringComparer.Ordinal)
    {
        ["users"] = "user",
        ["blocks"] = "user",
        ["listings"] = "listing",
        ["interests"] = "listing",
        ["images"] = "image",
        ["conversations"] = "conversation",
        ["messages"] = "message",
    };

    /// <summary>
    /// Values by field name, for fields that validation would refuse as made up from their type alone, or that
    /// are optional but worth sending. Each differs from what the owner's objects hold, so that a request that
    /// got through would show as a changed row.
    /// </summary>
    private static readonly Dictionary<string, Func<TargetIds, JsonNode?>> Values = new(StringComparer.Ordinal)
    {
        ["content"] = _ => "Written by someone else",
        ["title"] = _ => "Renamed by someone else",
        ["description"] = _ => "Described by someone else",
        ["first_name"] = _ => "Mallory",
        ["last_name"] = _ => "Takeover",
        ["major"] = _ => "Lock picking",
        ["about_me"] = _ => "Not who you think",
        // Hides the listing from everyone but its owner: a search with it must find nothing of someone else's.
        ["status"] = _ => "archived",
        ["show_online_status"] = _ => false,
        // Every photo of the listing once, in reverse: a real new order.
        ["q"] = targets => targets.SearchText,
        ["image_ids"] = targets => new JsonArray([.. targets.Images.Reverse().Select(id => JsonValue.Create(id))]),
    };

    /// <summary>Optional object fields to fill (others are left out): the listing's own fields, for a partial update.</summary>
    private static readonly HashSet<string> NestedObjects = new(StringComparer.Ordinal) { "listing" };

    private readonly JsonObject _document;

    private OpenApiRequests(JsonObject document)
    {
        _document = document;
        Operations = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject()
                .Where(op => Methods.Contains(op.Key))
                .Select(op => new ApiOperation(
                    op.Key.ToUpperInvariant(), path.Key, op.Value!["operationId"]!.GetValue<string>(), op.Value!.AsObject())))
            .ToList();
    }

    public IReadOnlyList<ApiOperation> Operations { get; }

    public static OpenApiRequests Load()
    {
        var path = Path.Combine(RepositoryRoot(), "src", "Client", "openapi.json");
        return new OpenApiRequests(JsonNode.Parse(File.ReadAllText(path))!.AsObject());
    }

    /// <summary>Whether a parameter or field name names an object by id: <c>user_id</c>, <c>image_ids</c>, <c>listingId</c>.</summary>
    public static bool IsIdName(string name) =>
        name.EndsWith("_id", StringComparison.Ordinal) || name.EndsWith("_ids", StringComparison.Ordinal)
        || name.EndsWith("Id", StringComparison.Ordinal) || name == "id";

    /// <summary>The kind of object an id name names: the last word before "id" (<c>up_to_message_id</c>: message).</summary>
    public static string KindOfName(string name)
    {
        var words = Regex.Replace(name, "([a-z])([A-Z])", "$1_$2").ToLowerInvariant().Split('_', StringSplitOptions.RemoveEmptyEntries);
        var end = words.Length - 1;
        while (end >= 0 && words[end] is "id" or "ids")
        {
            end--;
        }

        return end >= 0 ? words[end] : string.Empty;
    }

    /// <summary>The request that calls <paramref name="operation"/> on <paramref name="targets"/>' objects.</summary>
    public HttpRequestMessage Build(ApiOperation operation, TargetIds targets)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(targets);
        var segments = operation.Path.Split('/');
        var path = new StringBuilder();
        for (var i = 1; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (segment.StartsWith('{'))
            {
                var name = segment.Trim('{', '}');
                var collection = segments[i - 1];
                var kind = KindOfCollection.GetValueOrDefault(collection)
                    ?? throw new InvalidOperationException(
                        $"{operation}: '{{{name}}}' follows '/{collection}/', whose kind of object the test does not know: add it to {nameof(KindOfCollection)}.");
                segment = targets.Of(kind, $"{operation} {{{name}}}").ToString();
            }

            path.Append('/').Append(segment);
        }

        var query = new List<string>();
        foreach (var (name, required, schema) in operation.Parameters("query"))
        {
            if (Value(schema, name, $"{operation} ?{name}", targets, !required) is { } value)
            {
                query.Add($"{Uri.EscapeDataString(name)}={Uri.EscapeDataString(Text(value))}");
            }
        }

        foreach (var (name, required, _) in operation.Parameters("header"))
        {
            if (required)
            {
                throw new InvalidOperationException($"{operation}: the required header '{name}' is not known to the test: teach {nameof(Build)} to send it.");
            }
        }

        var url = query.Count > 0 ? $"{path}?{string.Join('&', query)}" : path.ToString();
        var request = new HttpRequestMessage(new HttpMethod(operation.Method), url) { Content = Body(operation, targets) };
        return request;
    }

    private HttpContent? Body(ApiOperation operation, TargetIds targets)
    {
        if (operation.Node["requestBody"]?["content"]?.AsObject() is not { } content)
        {
            return null;
        }

        if (content["application/json"]?["schema"] is { } json)
        {
            var body = Value(json, "(body)", $"{operation} body", targets, nullable: false)!;
            return new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        if (content["multipart/form-data"]?["schema"] is { } form)
        {
            var multipart = new MultipartFormDataContent();
            foreach (var (name, schema) in Resolve(form)["properties"]!.AsObject())
            {
                if (Resolve(schema!)["format"]?.GetValue<string>() == "binary")
                {
                    // A real photo, so that only the question of who sends it stands in the way.
                    var file = new ByteArrayContent(ListingTestData.Png());
                    file.Headers.ContentType = MediaTypeHeaderValue.Parse("image/png");
                    multipart.Add(file, name, "photo.png");
                }
                else if (Value(schema!, name, $"{operation} form field {name}", targets, nullable: true) is { } value)
                {
                    multipart.Add(new StringContent(Text(value)), name);
                }
            }

            return multipart;
        }

        throw new InvalidOperationException(
            $"{operation}: no body of a content type the test can make ({string.Join(", ", content.Select(c => c.Key))}): teach {nameof(Body)} to make one.");
    }

    /// <summary>A value for a field or parameter, from its name first and its schema second; null leaves it out.</summary>
    private JsonNode? Value(JsonNode schemaNode, string name, string where, TargetIds targets, bool nullable)
    {
        var schema = schemaNode.AsObject();
        nullable |= schema["nullable"]?.GetValue<bool>() == true;
        var resolved = Resolve(schema);
        if (Values.TryGetValue(name, out var known))
        {
            return known(targets);
        }

        var type = resolved["type"]?.GetValue<string>();
        var format = resolved["format"]?.GetValue<string>();
        if (IsIdName(name) && (format is "guid" or "uuid" || type == "array"))
        {
            var id = targets.Of(KindOfName(name), where);
            return type == "array" ? new JsonArray(JsonValue.Create(id)) : JsonValue.Create(id);
        }

        if (nullable && !NestedObjects.Contains(name))
        {
            return null;
        }

        if (resolved["enum"] is JsonArray values)
        {
            return values[0]!.DeepClone();
        }

        return type switch
        {
            "object" => ObjectValue(resolved, where, targets),
            "boolean" => JsonValue.Create(true),
            "integer" or "number" => JsonValue.Create(1),
            "string" when format == "date" => JsonValue.Create("2027-03-01"),
            "string" when format == "date-time" => JsonValue.Create(DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)),
            _ => throw new InvalidOperationException(
                $"{where}: the test has no value for '{name}' ({type ?? "no type"}{(format is null ? string.Empty : $", {format}")}): add one to {nameof(Values)}."),
        };
    }

    private JsonObject ObjectValue(JsonObject schema, string where, TargetIds targets)
    {
        var value = new JsonObject();
        foreach (var (name, property) in schema["properties"]?.AsObject() ?? [])
        {
            if (Value(property!, name, $"{where}.{name}", targets, nullable: false) is { } field)
            {
                value[name] = field;
            }
        }

        return value;
    }

    /// <summary>A scalar as a query string or form field carries it: strings without their JSON quotes.</summary>
    private static string Text(JsonNode value) =>
        value.GetValueKind() == System.Text.Json.JsonValueKind.String ? value.GetValue<object>().ToString()! : value.ToJsonString();

    /// <summary>Follows a <c>$ref</c>, or a oneOf/allOf of one schema (how NSwag writes a nullable reference).</summary>
    private JsonObject Resolve(JsonNode schemaNode)
    {
        var schema = schemaNode.AsObject();
        if (schema["$ref"]?.GetValue<string>() is { } reference)
        {
            return Resolve(reference.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries)
                .Aggregate((JsonNode)_document, (node, part) => node[part]!));
        }

        foreach (var combinator in new[] { "oneOf", "allOf" })
        {
            if (schema[combinator] is JsonArray { Count: 1 } single)
            {
                return Resolve(single[0]!);
            }
        }

        return schema;
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Homelette.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Homelette.sln not found above the test output.");
    }
}

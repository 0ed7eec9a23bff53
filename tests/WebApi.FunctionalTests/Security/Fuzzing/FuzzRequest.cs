using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Homelette.WebApi.FunctionalTests.Security.Fuzzing;

/// <summary>A request under construction: a valid one from the schemas, then changed by mutations.</summary>
internal sealed class Draft
{
    /// <summary>Serializes bodies as a client might: non-ASCII as UTF-8, not escaped.</summary>
    public static readonly JsonSerializerOptions Writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public required FuzzOperation Operation { get; init; }

    public required Caller Caller { get; set; }

    /// <summary>The Authorization header's value; none when null.</summary>
    public string? Authorization { get; set; }

    /// <summary>Each path parameter's text as it goes into the URL (already escaped).</summary>
    public Dictionary<string, string> Path { get; } = [];

    /// <summary>The query's parameters as they go into the URL (already escaped).</summary>
    public List<(string Name, string Value)> Query { get; } = [];

    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The JSON body; string values that are keys of <see cref="RawJson"/> are replaced by that raw JSON text.</summary>
    public JsonNode? Json { get; set; }

    public Dictionary<string, string> RawJson { get; } = [];

    /// <summary>Changes the JSON body's text after serialization (truncation, garbage, ...).</summary>
    public Func<string, string>? Transform { get; set; }

    /// <summary>Turns the JSON body's text into bytes (UTF-8 unless a mutation says otherwise).</summary>
    public Func<string, byte[]> Encode { get; set; } = Encoding.UTF8.GetBytes;

    /// <summary>A body given as bytes (multipart); takes the place of <see cref="Json"/>.</summary>
    public byte[]? Body { get; set; }

    /// <summary>The Content-Type header; <see cref="NoContentType"/> for none.</summary>
    public string? ContentType { get; set; }

    /// <summary>Sends no body at all.</summary>
    public bool NoBody { get; set; }

    public const string NoContentType = "(none)";

    /// <summary>What the objects behind the chosen ids are, so later values fit them (a message of that conversation, ...).</summary>
    public WorldListing? Listing { get; set; }

    public Guid? Conversation { get; set; }

    public List<string> Mutations { get; } = [];

    public FuzzRequest Build()
    {
        var path = Operation.Path;
        foreach (var (name, value) in Path)
        {
            path = path.Replace("{" + name + "}", value, StringComparison.Ordinal);
        }

        var url = Query.Count == 0 ? path : $"{path}?{string.Join('&', Query.Select(q => $"{q.Name}={q.Value}"))}";
        byte[]? body = null;
        var contentType = ContentType;
        if (!NoBody && Body is not null)
        {
            body = Body;
        }
        else if (!NoBody && (Json is not null || Transform is not null))
        {
            var text = Json?.ToJsonString(Writer) ?? string.Empty;
            foreach (var (key, raw) in RawJson)
            {
                text = text.Replace($"\"{key}\"", raw, StringComparison.Ordinal);
            }

            body = Encode(Transform?.Invoke(text) ?? text);
            contentType ??= "application/json";
        }

        return new FuzzRequest(
            Operation.Id,
            Mutations.Count == 0 ? "valid" : string.Join(" + ", Mutations),
            Caller,
            Operation.Method,
            url,
            Authorization,
            new Dictionary<string, string>(Headers),
            body,
            contentType == NoContentType ? null : contentType);
    }
}

/// <summary>A request the fuzzer sends, with what made it (the operation and the mutations applied to a valid request).</summary>
internal sealed record FuzzRequest(
    string Operation,
    string Mutation,
    Caller Caller,
    string Method,
    string Url,
    string? Authorization,
    IReadOnlyDictionary<string, string> Headers,
    byte[]? Body,
    string? ContentType)
{
    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(new HttpMethod(Method), new Uri(Url, UriKind.Relative));
        if (Authorization is not null)
        {
            message.Headers.TryAddWithoutValidation("Authorization", Authorization);
        }

        foreach (var (name, value) in Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        if (Body is not null)
        {
            // A large body waits for the server's go-ahead, as a client should send one: a server refusing it (413 by
            // its length, 401, 404) answers before the body is sent, instead of closing the connection under it.
            message.Headers.ExpectContinue = Body.Length > 64 * 1024;
            message.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }

        return message;
    }

    /// <summary>Enough to reproduce the request by hand.</summary>
    public string Describe()
    {
        var text = new StringBuilder($"{Method} {Shorten(Url, 300)} as {Caller} [{Mutation}]");
        foreach (var (name, value) in Headers)
        {
            text.Append($" {name}: {Shorten(value, 100)}");
        }

        if (Body is not null)
        {
            text.Append($" Content-Type: {ContentType ?? "(none)"}, {Body.Length} bytes: {Shorten(Encoding.UTF8.GetString(Body), 400)}");
        }

        return text.ToString();
    }

    private static string Shorten(string text, int length) => text.Length <= length ? text : $"{text[..length]}...({text.Length} chars)";
}

/// <summary>What the server answered: a status, or 0 when no answer came (the exception says why).</summary>
internal sealed record FuzzResult(FuzzRequest Request, int Status, string? ContentType, string? Detail);

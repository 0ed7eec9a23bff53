using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Homelette.Chaos;

/// <summary>
/// The WebApi as its clients see it (snake_case JSON, bearer tokens). Every call returns an <see cref="Outcome"/>
/// rather than throwing, so a fault's errors are counted, timed and kept.
/// </summary>
internal sealed class ApiClient : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly HttpClient _http;

    public ApiClient(Uri baseAddress, TimeSpan? timeout = null) =>
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1000, PooledConnectionIdleTimeout = TimeSpan.FromSeconds(20) })
        {
            BaseAddress = baseAddress,
            Timeout = timeout ?? TimeSpan.FromSeconds(30),
        };

    public async Task<string> LoginAsync(string email, string password)
    {
        for (var attempt = 1; ; attempt++)
        {
            var outcome = await SendAsync(HttpMethod.Post, "/api/auth/login", null, new { email, password });
            if (outcome.Ok)
            {
                return outcome.Body!["access_token"]!.GetValue<string>();
            }

            if (attempt == 5)
            {
                throw new InvalidOperationException($"login of {email}: {outcome}");
            }

            await Task.Delay(TimeSpan.FromSeconds(attempt));
        }
    }

    public async Task<Outcome> SendAsync(HttpMethod method, string path, string? token, object? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is HttpContent content)
        {
            request.Content = content;
        }
        else if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json);
        }

        return await SendAsync(request);
    }

    public async Task<Outcome> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var at = Report.Now;
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            JsonNode? json = null;
            if (text.Length > 0 && response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true)
            {
                json = JsonNode.Parse(text);
            }

            return new Outcome(at, Stopwatch.GetElapsedTime(started), (int)response.StatusCode, json, response.Headers.RetryAfter?.Delta, null);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Outcome(at, Stopwatch.GetElapsedTime(started), Outcome.TimedOut, null, null, "client timeout");
        }
        catch (HttpRequestException ex)
        {
            return new Outcome(at, Stopwatch.GetElapsedTime(started), Outcome.NetworkError, null, null, ex.Message);
        }
    }

    /// <summary>Every message of the user's conversations, from the change log (GET /api/chat/sync until has_more is false).</summary>
    public async Task<(bool Ok, HashSet<Guid> Messages)> SyncAllAsync(string token)
    {
        var messages = new HashSet<Guid>();
        string? cursor = null;
        while (true)
        {
            var path = cursor is null ? "/api/chat/sync?limit=100" : $"/api/chat/sync?limit=100&since={Uri.EscapeDataString(cursor)}";
            var outcome = await SendAsync(HttpMethod.Get, path, token);
            if (!outcome.Ok)
            {
                return (false, messages);
            }

            foreach (var item in outcome.Body!["items"]!.AsArray())
            {
                if (item!["message"] is JsonObject message && item["kind"]!.GetValue<string>() == "message_created")
                {
                    messages.Add(message["id"]!.GetValue<Guid>());
                }
            }

            cursor = outcome.Body["next_cursor"]!.GetValue<string>();
            if (!outcome.Body["has_more"]!.GetValue<bool>())
            {
                return (true, messages);
            }
        }
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>One request's result: when it started (seconds into the run), how long it took, and the answer.</summary>
internal sealed record Outcome(double At, TimeSpan Elapsed, int Status, JsonNode? Body, TimeSpan? RetryAfter, string? Error)
{
    public const int NetworkError = 0;
    public const int TimedOut = -1;

    public bool Ok => Status is >= 200 and < 300;

    public override string ToString() =>
        $"{(Status > 0 ? Status.ToString(System.Globalization.CultureInfo.InvariantCulture) : Error)} after {Elapsed.TotalMilliseconds:0} ms {Body?.ToJsonString()}";
}

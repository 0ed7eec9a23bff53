using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Homelette.Bench.ChatLoad;

/// <summary>Signs the bench users in through the WebApi (a few at a time) and writes their tokens to a file.</summary>
internal static class Login
{
    private const int Attempts = 3;

    public static async Task<int> RunAsync(Options options, CancellationToken cancellationToken)
    {
        var json = Wire.Json();
        using var http = new HttpClient { BaseAddress = options.Api, Timeout = TimeSpan.FromSeconds(60) };
        var tokens = new string[options.Count];
        var started = TimeProvider.System.GetTimestamp();
        var done = 0;
        await Parallel.ForEachAsync(
            Enumerable.Range(0, options.Count),
            new ParallelOptions { MaxDegreeOfParallelism = options.Parallel, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                var email = string.Format(CultureInfo.InvariantCulture, options.EmailFormat, i + 1);
                var result = await SignInAsync(http, json, new LoginRequest(email, options.Password), token);
                tokens[i] = $"{result.User.Id}\t{result.AccessToken}";
                if (Interlocked.Increment(ref done) % 250 == 0)
                {
                    Console.Error.WriteLine($"[chat-load]   {done} of {options.Count} signed in");
                }
            });

        await File.WriteAllLinesAsync(options.Out, tokens, cancellationToken);
        var seconds = TimeProvider.System.GetElapsedTime(started).TotalSeconds;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[chat-load] {options.Count} users signed in in {seconds:0.0} s ({options.Count / seconds:0} logins/s)"));
        return 0;
    }

    private static async Task<LoginResult> SignInAsync(HttpClient http, JsonSerializerOptions json, LoginRequest request, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var response = await http.PostAsJsonAsync("/api/auth/login", request, json, cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return await response.Content.ReadFromJsonAsync<LoginResult>(json, cancellationToken)
                        ?? throw new InvalidOperationException("The login answer was empty.");
                }

                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                if ((int)response.StatusCode < 500 || attempt == Attempts)
                {
                    throw new InvalidOperationException($"Login of {request.Email} answered {(int)response.StatusCode}: {body}");
                }
            }
            catch (HttpRequestException) when (attempt < Attempts)
            {
            }
            catch (TaskCanceledException) when (attempt < Attempts && !cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(TimeSpan.FromSeconds(attempt), cancellationToken);
        }
    }

    private sealed record LoginRequest(string Email, string Password);

    private sealed record LoginResult(string AccessToken, LoginUser User);

    private sealed record LoginUser(Guid Id);
}

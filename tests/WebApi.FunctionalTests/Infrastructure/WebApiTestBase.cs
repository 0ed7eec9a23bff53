using System.Net.Http.Headers;
using Homelette.Client;

namespace Homelette.WebApi.FunctionalTests.Infrastructure;

/// <summary>Each test starts from an empty database and talks to the API through the generated client.</summary>
[Collection(WebApiCollection.Name)]
public abstract class WebApiTestBase(WebApiFactory factory) : IAsyncLifetime
{
    protected const string Password = "correct horse battery";

    protected WebApiFactory Factory { get; } = factory;

    protected AuthClient Anonymous => new(Factory.CreateClient());

    public Task InitializeAsync() => Factory.Database.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    protected HttpClient HttpClientWithToken(string token)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    protected async Task<SignedInUser> RegisterAndLoginAsync(string email = "ann@example.edu", string firstName = "Ann")
    {
        await Anonymous.RegisterAsync(new RegisterUserCommand
        {
            Email = email,
            Password = Password,
            First_name = firstName,
            Last_name = "Lee",
        });
        var login = await Anonymous.LoginAsync(new LoginCommand { Email = email, Password = Password });
        var http = HttpClientWithToken(login.Access_token);
        return new SignedInUser(login.User.Id, login.Access_token, http, new AuthClient(http), new UsersClient(http));
    }

    protected static async Task<ApiException> ShouldFailAsync(Func<Task> call, int status)
    {
        var exception = await Should.ThrowAsync<ApiException>(call);
        exception.StatusCode.ShouldBe(status);
        return exception;
    }
}

public sealed record SignedInUser(Guid Id, string Token, HttpClient Http, AuthClient Auth, UsersClient Users);

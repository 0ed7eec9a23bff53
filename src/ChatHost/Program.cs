using Homelette.Application;
using Homelette.Application.Common.Behaviors;
using Homelette.Application.Common.Interfaces;
using Homelette.ChatHost.Bench;
using Homelette.ChatHost.Filters;
using Homelette.ChatHost.Infrastructure;
using Homelette.Infrastructure;
using Homelette.Infrastructure.Identity;
using Homelette.Infrastructure.Realtime;
using Homelette.Infrastructure.Web;
using Microsoft.AspNetCore.SignalR;

var builder = WebApplication.CreateBuilder(args);
const string HubPath = "/socket";

builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);

// Request logs carry the URL, and a hub URL carries the access token: never log them, whatever the settings say
// (RequestUrlLogging: a plain AddFilter lost to a configured provider rule such as Logging:Console:LogLevel:Default).
builder.Logging.KeepRequestUrlsOutOfLogs();
// SignalR's connection logs are noisy below Warning (they carry no token: TokenLoggingTests reads them at Trace).
builder.Logging.AddFilter("Microsoft.AspNetCore.Http.Connections", LogLevel.Warning);
// SignalR's dispatcher logs every failed hub call at Error with its stack trace, the hub's own refusals included
// (forbidden, validation_failed, rate_limited: a flood of 320 sends was 290 errors). HubScopeFilter logs what is a
// bug, once, with the method; the dispatcher keeps only what is worse.
builder.Logging.AddFilter("Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher", LogLevel.Critical);
builder.Services
    .AddApplication()
    .AddInfrastructure(builder.Configuration)
    .AddHomeletteAuthentication(HubPath);
builder.Services.AddMediator(options =>
{
    options.ServiceLifetime = ServiceLifetime.Scoped;
    options.GenerateTypesAsInternal = true;
    // Domain too: the generator only sees notifications (domain events) in the assemblies listed here.
    options.Assemblies = [typeof(Homelette.Application.DependencyInjection), typeof(Homelette.Domain.Common.IDomainEvent)];
    // The source generator reads this list at compile time, so it must be written out here, the same in both hosts.
    options.PipelineBehaviors = [typeof(LoggingBehavior<,>), typeof(ValidationBehavior<,>)];
});

// Inside a hub call the user comes from the connection, not from an HTTP request.
builder.Services.AddScoped<HubCurrentUser>();
builder.Services.AddScoped<ICurrentUser>(provider => provider.GetRequiredService<HubCurrentUser>());

builder.Services.AddHomeletteRealtime(builder.Configuration);
builder.Services.AddHomelettePresenceHeartbeat();
builder.Services.Configure<HubOptions>(hub => hub.AddFilter<HubScopeFilter>());
builder.Services.AddSingleton<HubConnectionCount>();
builder.Services.AddHostedService<MemoryTrimService>();
builder.Services.AddHomeletteProblemDetails();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRouting();
app.UseClientMistakesBeforeAuthentication();
app.UseAuthentication();
app.UseAuthorization();

app.MapHomeletteHealthChecks();
app.MapHub<ChatHub>(HubPath, hub => hub.CloseOnAuthenticationExpiration = true);
app.MapBenchEchoHubWhenEnabled();

await app.RunAsync();

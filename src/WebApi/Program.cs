using Homelette.Application;
using Homelette.Application.Common.Behaviors;
using Homelette.Infrastructure;
using Homelette.Infrastructure.Data;
using Homelette.Infrastructure.Identity;
using Homelette.Infrastructure.Realtime;
using Homelette.Infrastructure.Storage;
using Homelette.Infrastructure.Web;
using Homelette.WebApi.Infrastructure;

// Read JSON bodies through a Stream, as before .NET 10, not a PipeReader. Kestrel wakes every connection at shutdown
// (CancelPendingRead), and a PipeReader-based read that has looked at more of a body than it consumed (a body still
// arriving) then returns "canceled": System.Text.Json throws and the request in flight fails with a 500 instead of
// completing (make chaos, fault shutdown: 100 of 100 slow POSTs failed at SIGTERM without this; 0 with it).
AppContext.SetSwitch("Microsoft.AspNetCore.UseStreamBasedJsonParsing", true);

var builder = WebApplication.CreateBuilder(args);

// The WebApi reads no token from a query string, but a client may still send one there: keep request URLs out of
// the logs, whatever the settings say (RequestUrlLogging).
builder.Logging.KeepRequestUrlsOutOfLogs();

builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Limits.MaxRequestBodySize = builder.Configuration.GetValue("Api:MaxRequestBodyBytes", 1024 * 1024);
});

builder.Services
    .AddApplication()
    .AddInfrastructure(builder.Configuration)
    .AddHomeletteAuthentication();

// The WebApi hosts no hub; it pushes chat events to the ChatHosts' clients through the Redis backplane.
builder.Services.AddHomeletteRealtime(builder.Configuration);
builder.Services.AddMediator(options =>
{
    options.ServiceLifetime = ServiceLifetime.Scoped;
    options.GenerateTypesAsInternal = true;
    // Domain too: the generator only sees notifications (domain events) in the assemblies listed here.
    options.Assemblies = [typeof(Homelette.Application.DependencyInjection), typeof(Homelette.Domain.Common.IDomainEvent)];
    // The source generator reads this list at compile time, so it must be written out here, the same in both hosts.
    options.PipelineBehaviors = [typeof(LoggingBehavior<,>), typeof(ValidationBehavior<,>)];
});

builder.Services.ConfigureHttpJsonOptions(json => JsonDefaults.Apply(json.SerializerOptions));
// Client mistakes in a body surface as BadHttpRequestException, which the exception handler turns into problem details.
builder.Services.Configure<RouteHandlerOptions>(routing => routing.ThrowOnBadRequest = true);
builder.Services.AddHomeletteProblemDetails();
builder.Services.AddEndpointsApiExplorer();
builder.Services.AddHomeletteOpenApi();
builder.Services.AddHostedService<StaleUploadCleanupService>();
builder.Services.AddPasswordCheckLimit();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseOpenApi();
app.UseSwaggerUi();
app.UseHomeletteUploads();
app.UseRouting();
app.UseRateLimiter();
app.UseClientMistakesBeforeAuthentication();
app.UseAuthentication();
app.UseAuthorization();

app.MapHomeletteHealthChecks();
app.MapEndpointGroups();

if (OpenApiExport.RequestedPath(args) is { } openApiPath)
{
    await OpenApiExport.WriteAsync(app, openApiPath);
    return;
}

await app.Services.MigrateIfConfiguredAsync(app.Configuration);
await app.RunAsync();

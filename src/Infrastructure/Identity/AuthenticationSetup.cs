using Homelette.Application.Common.Interfaces;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Homelette.Infrastructure.Identity;

/// <summary>Bearer authentication shared by both hosts, so each accepts the other's tokens.</summary>
public static class AuthenticationSetup
{
    /// <summary>
    /// Adds JWT bearer authentication and an "authenticated" fallback policy. When <paramref name="hubPath"/>
    /// is given, requests under it may carry the token in the <c>access_token</c> or <c>token</c> query parameter
    /// (browsers cannot set headers on WebSockets); nowhere else is a query token accepted.
    /// </summary>
    public static IServiceCollection AddHomeletteAuthentication(this IServiceCollection services, PathString? hubPath = null)
    {
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<JwtOptions>>((bearer, jwtOptions) =>
            {
                var jwt = jwtOptions.Value;
                bearer.MapInboundClaims = false;
                bearer.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = jwt.Issuer,
                    ValidAudience = jwt.Audience,
                    IssuerSigningKey = JwtTokenIssuer.SigningKey(jwt),
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    ValidateIssuer = true,
                    ValidateAudience = true,
                    ValidateLifetime = true,
                    ValidateIssuerSigningKey = true,
                    RequireExpirationTime = true,
                    RequireSignedTokens = true,
                    ClockSkew = jwt.ClockSkew,
                    NameClaimType = JwtRegisteredClaimNames.Sub,
                };
                if (hubPath is { } path)
                {
                    bearer.Events = new JwtBearerEvents
                    {
                        OnMessageReceived = context => ReadHubToken(context, path),
                        OnTokenValidated = RefuseUnknownUser,
                    };
                }
            });
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder()
                .RequireAuthenticatedUser()
                .Build());
        return services;
    }

    private static Task ReadHubToken(MessageReceivedContext context, PathString hubPath)
    {
        var request = context.Request;
        if (string.IsNullOrEmpty(request.Headers.Authorization) && request.Path.StartsWithSegments(hubPath))
        {
            var token = request.Query["access_token"].ToString();
            context.Token = string.IsNullOrEmpty(token) ? request.Query["token"].ToString() : token;
        }

        return Task.CompletedTask;
    }

    /// <summary>A long-lived hub connection must belong to a user who still exists.</summary>
    private static async Task RefuseUnknownUser(TokenValidatedContext context)
    {
        var userId = UserClaims.UserId(context.Principal);
        var db = context.HttpContext.RequestServices.GetRequiredService<IAppDbContext>();
        if (userId is not { } id
            || !await db.Users.AnyAsync(u => u.Id == id, context.HttpContext.RequestAborted))
        {
            context.Fail("The token's user does not exist.");
        }
    }
}

using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Homelette.Bench.Baseline;

/// <summary>
/// Access tokens for the hub scenarios, as the WebApi issues them (HS256, issuer "homelette", audience
/// "homelette-clients", sub = the user id, a jti), signed with the run's key: 5,000 sign-ins through the WebApi would
/// take minutes of PBKDF2 on 2 cores and measure nothing the login scenario does not. The ChatHost still checks each
/// token and that its user exists.
/// </summary>
internal static class TokenMint
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 3)
        {
            Console.Error.WriteLine("usage: Homelette.Bench.Baseline mint KEY USER_IDS_FILE OUT_FILE");
            return 2;
        }

        var handler = new JsonWebTokenHandler();
        var credentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(args[0])), SecurityAlgorithms.HmacSha256);
        var now = DateTime.UtcNow;
        var lines = new List<string>();
        foreach (var line in await File.ReadAllLinesAsync(args[1]))
        {
            if (!Guid.TryParse(line.Trim(), out var userId))
            {
                continue;
            }

            var token = handler.CreateToken(new SecurityTokenDescriptor
            {
                Issuer = "homelette",
                Audience = "homelette-clients",
                IssuedAt = now,
                NotBefore = now,
                Expires = now.AddHours(12),
                Subject = new ClaimsIdentity(
                [
                    new Claim(JwtRegisteredClaimNames.Sub, userId.ToString()),
                    new Claim(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString()),
                ]),
                SigningCredentials = credentials,
            });
            lines.Add($"{userId}\t{token}");
        }

        await File.WriteAllLinesAsync(args[2], lines);
        Console.Error.WriteLine($"[mint] {lines.Count} tokens");
        return lines.Count > 0 ? 0 : 1;
    }
}

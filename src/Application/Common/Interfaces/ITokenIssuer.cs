using Homelette.Domain.Users;

namespace Homelette.Application.Common.Interfaces;

public sealed record IssuedToken(string AccessToken, int ExpiresInSeconds);

/// <summary>Issues the signed bearer tokens that both hosts accept.</summary>
public interface ITokenIssuer
{
    IssuedToken Issue(User user);
}

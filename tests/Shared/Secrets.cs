using System.Text;

namespace Homelette.Testing;

/// <summary>The secrets a test used, to look for in the logs afterwards.</summary>
public sealed class Secrets
{
    private readonly Dictionary<string, string> _values = [];

    /// <summary>Any other secret, such as the signing key.</summary>
    public void Add(string name, string value) => _values[name] = value;

    /// <summary>A password that appears nowhere but where the test sends it.</summary>
    public string Password(string name)
    {
        if (!_values.TryGetValue($"password {name}", out var password))
        {
            password = $"pw-{name}-{Guid.NewGuid():N}";
            _values[$"password {name}"] = password;
        }

        return password;
    }

    /// <summary>A token, and separately its signature: the part that makes it a credential (its header and claims are not secret).</summary>
    public void Token(string name, string token)
    {
        _values[name] = token;
        var parts = token.Split('.');
        if (parts.Length == 3 && parts[2].Length >= 32)
        {
            _values[$"{name} (signature)"] = parts[2];
        }
    }

    /// <summary>Each secret found in a log, with the entries it was found in.</summary>
    public List<string> LeaksIn(CapturedLogs logs)
    {
        var leaks = new List<string>();
        foreach (var (name, value) in _values)
        {
            var entries = logs.Containing(value);
            if (entries.Count > 0)
            {
                var categories = string.Join(", ", entries.GroupBy(e => e.Category).Select(g => $"{g.Key} x{g.Count()}"));
                var where = new StringBuilder($"{name} is in {entries.Count} log entries ({categories}), e.g.:");
                foreach (var entry in entries.Take(3))
                {
                    where.AppendLine().Append("  ").Append(Truncate(entry.ToString()));
                }

                leaks.Add(where.ToString());
            }
        }

        return leaks;
    }

    private static string Truncate(string text) => text.Length <= 600 ? text : text[..600] + "...";
}

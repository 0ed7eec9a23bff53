using System.Text.RegularExpressions;
using Homelette.Application.Common.Interfaces;
using Homelette.Application.Common.Text;
using Homelette.Domain.Listings;
using Microsoft.EntityFrameworkCore;

namespace Homelette.Infrastructure.Data;

/// <summary>
/// Every word must appear in the title, description or street, as typed (a LIKE substring match, with % and _
/// taken literally). When asked to use the index, the MariaDB FULLTEXT index over those columns narrows the rows
/// first: each alphanumeric token of at least 3 characters that is not an InnoDB stopword becomes a required
/// prefix term in boolean mode ("+playa*"), so the LIKE checks run only on the rows the index found.
/// </summary>
internal sealed partial class ListingTextSearch : IListingTextSearch
{
    private const int MinimumIndexedLength = 3;

    /// <summary>InnoDB's default full-text stopwords: never indexed, so never required.</summary>
    private static readonly HashSet<string> Stopwords = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "about", "an", "are", "as", "at", "be", "by", "com", "de", "en", "for", "from", "how", "i", "in", "is",
        "it", "la", "of", "on", "or", "that", "the", "this", "to", "was", "what", "when", "where", "who", "will",
        "with", "und", "www",
    };

    public IQueryable<Listing> Matching(IQueryable<Listing> listings, IReadOnlyList<string> words, bool useIndex)
    {
        ArgumentNullException.ThrowIfNull(words);
        List<string> terms = !useIndex ? [] : [.. words
            .SelectMany(w => Tokens().Matches(w).Select(m => m.Value))
            .Where(t => t.Length >= MinimumIndexedLength && !Stopwords.Contains(t))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(t => $"+{t}*")];
        if (terms.Count > 0)
        {
            var booleanQuery = string.Join(' ', terms);
            listings = listings.Where(l => EF.Functions.Match(
                new[] { l.Title, l.Description!, l.StreetAddress }, booleanQuery, MySqlMatchSearchMode.Boolean) > 0);
        }

        foreach (var word in words.Where(w => w.Length > 0))
        {
            var pattern = LikePatterns.Containing(word);
            listings = listings.Where(l =>
                EF.Functions.Like(l.Title, pattern, LikePatterns.Escape)
                || (l.Description != null && EF.Functions.Like(l.Description, pattern, LikePatterns.Escape))
                || EF.Functions.Like(l.StreetAddress, pattern, LikePatterns.Escape));
        }

        return listings;
    }

    [GeneratedRegex(@"[\p{L}\p{Nd}]+", RegexOptions.CultureInvariant)]
    private static partial Regex Tokens();
}

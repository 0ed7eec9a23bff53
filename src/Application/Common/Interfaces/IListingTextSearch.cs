using Homelette.Domain.Listings;

namespace Homelette.Application.Common.Interfaces;

/// <summary>Word search over listings, done with the database's own full-text index.</summary>
public interface IListingTextSearch
{
    /// <summary>The listings whose title, description or street contain every word (as a word prefix).</summary>
    IQueryable<Listing> Matching(IQueryable<Listing> listings, IReadOnlyList<string> words);
}

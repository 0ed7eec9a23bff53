using Homelette.Domain.Listings;

namespace Homelette.Application.Common.Interfaces;

/// <summary>Word search over listings.</summary>
public interface IListingTextSearch
{
    /// <summary>
    /// The listings whose title, description or street contain every word. With <paramref name="useIndex"/> the
    /// database's full-text index narrows the rows first, which pays when the words are rare; without it every
    /// row the rest of the query reads is checked, which pays when that is a few rows walked in order.
    /// </summary>
    IQueryable<Listing> Matching(IQueryable<Listing> listings, IReadOnlyList<string> words, bool useIndex);
}

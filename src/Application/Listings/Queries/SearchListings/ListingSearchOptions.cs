namespace Homelette.Application.Listings.Queries.SearchListings;

/// <summary>How the search keeps its cost independent of the number of listings (section "Listings:Search").</summary>
public sealed class ListingSearchOptions
{
    public const string SectionName = "Listings:Search";

    /// <summary>
    /// Newest first with <c>q</c>: how many of the newest listings (after the cursor) are checked word by word
    /// before the full-text index is asked for older ones. Common words fill a page within this window.
    /// </summary>
    public int TextScanWindow { get; set; } = 2000;

    /// <summary>Nearest first: the radius of the first circle searched, in km; it grows until it holds a page.</summary>
    public double FirstCircleKm { get; set; } = 0.05;

    /// <summary>
    /// A map box (or the box around a <c>near</c> circle) holding at most this many listings is fetched whole
    /// through the latitude/longitude index and sorted in memory.
    /// </summary>
    public int SmallBoxListings { get; set; } = 200;
}

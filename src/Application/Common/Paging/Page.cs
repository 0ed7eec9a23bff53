namespace Homelette.Application.Common.Paging;

/// <summary>One page of a collection; <see cref="NextCursor"/> fetches the next one and is null on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

public static class PagingConstraints
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;
    public const int CursorMaxLength = 512;
}

namespace Homelette.Application.Common.Exceptions;

/// <summary>The thing asked for does not exist (or the caller may not know that it does).</summary>
public sealed class NotFoundException : Exception
{
    public NotFoundException(string resource, object key)
        : base($"{resource} '{key}' was not found.") => Resource = resource;

    /// <summary>Something the request refers to does not exist, and which one is not known (a reference the database refused).</summary>
    public NotFoundException(string message)
        : base(message) => Resource = "Reference";

    public string Resource { get; }
}

namespace Homelette.WebApi.FunctionalTests.Security.Fuzzing;

/// <summary>Who sends a request.</summary>
internal enum Caller
{
    /// <summary>The user who owns the listings and started the conversations.</summary>
    Owner,

    /// <summary>The other participant of the owner's conversations, who also owns a listing.</summary>
    Participant,

    /// <summary>A user in the group conversation only, owning nothing.</summary>
    Outsider,

    /// <summary>No Authorization header.</summary>
    Anonymous,

    /// <summary>An Authorization header that is not a valid token (expired, unsigned, garbage, another scheme, ...).</summary>
    BadToken,

    /// <summary>A validly signed token of a user who does not exist (an account deleted before its token expired).</summary>
    Ghost,
}

/// <summary>A message of the world, with its conversation and sender.</summary>
internal sealed record WorldMessage(Guid Id, Guid ConversationId, Caller Sender);

/// <summary>A listing of the world, with its owner and photos.</summary>
internal sealed record WorldListing(Guid Id, Caller Owner, IReadOnlyList<Guid> Images);

/// <summary>
/// The real objects the fuzzer's requests point at, made through the API before it starts, so that valid ids reach
/// the handlers' real code paths (found, owned, participated in) instead of stopping at "not found".
/// </summary>
internal sealed class FuzzWorld
{
    public required IReadOnlyDictionary<Caller, Guid> UserIds { get; init; }

    public required IReadOnlyDictionary<Caller, string> Tokens { get; init; }

    /// <summary>Authorization header values that are refused (the <see cref="Caller.BadToken"/> caller picks one).</summary>
    public required IReadOnlyList<string> BadAuthorizations { get; init; }

    /// <summary>A user the owner may block and unblock, in no conversation.</summary>
    public required Guid BlockTargetId { get; init; }

    /// <summary>An account nobody changes the password of, for valid sign-ins.</summary>
    public required string LoginEmail { get; init; }

    public required string Password { get; init; }

    public required IReadOnlyList<WorldListing> Listings { get; init; }

    /// <summary>The direct conversation (owner and participant, about the owner's first listing), then the group.</summary>
    public required IReadOnlyList<Guid> Conversations { get; init; }

    public required IReadOnlyList<WorldMessage> Messages { get; init; }

    /// <summary>A photo uploaded before its listing exists, for the fields that take an image URL.</summary>
    public required string UploadedImageUrl { get; init; }

    /// <summary>Real cursors, per operation id that handed them out.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> Cursors { get; init; }

    public IEnumerable<string> AllCursors => Cursors.Values.SelectMany(c => c);

    public Guid UserOf(Caller caller) => UserIds.TryGetValue(caller, out var id) ? id : UserIds[Caller.Owner];

    public IEnumerable<Guid> AllIds =>
        UserIds.Values
            .Concat(Listings.Select(l => l.Id))
            .Concat(Listings.SelectMany(l => l.Images))
            .Concat(Conversations)
            .Concat(Messages.Select(m => m.Id));
}

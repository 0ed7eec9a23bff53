using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Homelette.ChatHost.FunctionalTests.Infrastructure;
using Homelette.Client;
using Homelette.Infrastructure.Realtime;
using Homelette.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit.Abstractions;

namespace Homelette.ChatHost.FunctionalTests.Security;

/// <summary>
/// The hub's authorization matrix, found by reflection: every public method of <see cref="ChatHub"/> is called by a
/// stranger with the ids of a conversation between two other users (the owner and a partner) and of the owner's
/// message in it. Each call must fail with the hub's error contract (the call throws "forbidden: ..." or
/// "not_found: ...", and the caller gets an <c>error</c> event with that code), deliver nothing to the owner's or
/// the partner's connections, and change no row. A new hub method joins the matrix without an edit here; a new
/// parameter the filler cannot fill fails the test until the filler learns it.
/// </summary>
[Trait("Category", "Chaos")]
public sealed class HubAuthorizationMatrixTests(ChatFixture fixture, ITestOutputHelper output) : ChatTestBase(fixture)
{
    private static readonly string[] RefusalCodes = ["forbidden", "not_found"];

    /// <summary>The methods a stranger may call with these arguments, by wire name, each with its reason.</summary>
    private static readonly Dictionary<string, HubAllowance> AllowList = new(StringComparer.Ordinal)
    {
        ["private_message"] = new(
            "Writes into the caller's own direct conversation with the recipient (started when needed): anyone may write to a user who has not blocked them.",
            // The recipient hears of it (that is the point); the partner, whose conversation it is not, hears nothing.
            EventsToOwner: ["private_message"],
            Tolerances:
            [
                // Only new rows, all of the caller's new conversation: nothing that existed changes.
                (change, caller, _) => change.Added && change.Table == "conversations" && change.Names("CreatedBy", caller),
                (change, caller, _) => change.Added && change.Table == "messages" && change.Names("SenderId", caller),
                (change, caller, _) => change.Added && change.Table == "chat_changes" && change.Names("ActorId", caller),
                (change, _, all) => change.Added && change.Table == "conversation_participants"
                    && all.Any(c => c.Added && c.Table == "conversations" && c.Key == change.Value("ConversationId")),
            ]),
    };

    /// <summary>
    /// What a hub parameter or payload field of a given name carries, for a caller and the targets. Every field must be
    /// here: a method or field the test does not know fails it, rather than being called with a guess.
    /// </summary>
    private static readonly Dictionary<string, Func<Guid, HubTargets, JsonNode?>> Values = new(StringComparer.Ordinal)
    {
        ["conversation_id"] = (_, targets) => JsonValue.Create(targets.Conversation),
        ["message_id"] = (_, targets) => JsonValue.Create(targets.Message),
        ["recipient_id"] = (_, targets) => JsonValue.Create(targets.Owner),
        // The earlier backend's echo of the actor: a real client sends its own id, and the hub only checks that it is
        // the caller's. Sending the caller's id keeps that check out of the way of the one under test.
        ["user_id"] = (caller, _) => JsonValue.Create(caller),
        ["sender_id"] = (caller, _) => JsonValue.Create(caller),
        ["kind"] = (_, _) => "text",
        ["content"] = (_, _) => "Written by someone else",
        // A text message carries no photo or place.
        ["image_url"] = (_, _) => null,
        ["latitude"] = (_, _) => null,
        ["longitude"] = (_, _) => null,
        ["location_label"] = (_, _) => null,
        ["client_message_id"] = (_, _) => Guid.NewGuid().ToString("N"),
        ["is_typing"] = (_, _) => true,
    };

    [Fact]
    public async Task ShouldRefuseAStranger_EveryHubMethodOnOthersConversation_DeliveringAndChangingNothing()
    {
        var methods = HubMethods();
        var owner = await SignUpAsync("Ann");
        var partner = await SignUpAsync("Carol");
        var stranger = await SignUpAsync("Mallory");
        var targets = await ConversationOfAsync(owner, partner);
        var ownerEvents = await ListenAsync(owner, Fixture.InstanceA);
        var partnerEvents = await ListenAsync(partner, Fixture.InstanceB);
        var strangerEvents = await ListenAsync(stranger, Fixture.InstanceA);
        // The partner came online after the owner: the owner hears of it. Only then is every arrival event in.
        await WaitUntilAsync(() => ownerEvents.Has("user_online"));
        await SettleAsync(ownerEvents, partnerEvents, strangerEvents);
        var failures = new List<string>();
        var report = new List<string>();

        // The refused ones first: what an allowed call starts (a conversation with the owner) must not change the rest.
        foreach (var (name, method) in methods.OrderBy(m => AllowList.ContainsKey(m.Name)))
        {
            var allowance = AllowList.GetValueOrDefault(name);
            var arguments = Arguments(name, method, stranger.Id, targets);
            var before = await DatabaseSnapshot.TakeAsync(Fixture.Database.ConnectionString);
            var failure = await InvokeAsync(strangerEvents.Connection, name, method, arguments);

            // Long enough for anything the call sent to cross the Redis backplane to the other instance.
            await Task.Delay(TimeSpan.FromMilliseconds(700));
            var after = await DatabaseSnapshot.TakeAsync(Fixture.Database.ConnectionString);
            var toOwner = ownerEvents.Drain();
            var toPartner = partnerEvents.Drain();
            var toStranger = strangerEvents.Drain();
            report.Add($"{name}: {(failure is null ? "accepted" : failure.Message)}{(allowance is null ? string.Empty : "  [allowed: " + allowance.Reason + "]")}");

            if (allowance is null)
            {
                // The client reports the server's HubException as "... HubException: <code>: <message>".
                if (failure is not HubException || !RefusalCodes.Any(code => failure.Message.Contains($"HubException: {code}:", StringComparison.Ordinal)))
                {
                    failures.Add($"{name}: the stranger's call {(failure is null ? "succeeded" : $"failed with {failure.GetType().Name} '{failure.Message}'")}, expected forbidden or not_found");
                }

                var errors = toStranger.Where(e => e.Name == "error").Select(e => JsonDocument.Parse(e.Payload).RootElement.GetProperty("code").GetString()).ToList();
                if (errors.Count != 1 || !RefusalCodes.Contains(errors[0]))
                {
                    failures.Add($"{name}: the stranger got error events [{string.Join(", ", errors)}], expected one forbidden or not_found");
                }
            }
            else if (failure is not null)
            {
                failures.Add($"{name}: allowed, but the stranger's call failed: {failure.Message}");
            }

            failures.AddRange(toOwner.Where(e => allowance?.EventsToOwner.Contains(e.Name) != true).Select(e => $"{name}: the owner got '{e.Name}' {e.Payload}"));
            failures.AddRange(toPartner.Select(e => $"{name}: the partner got '{e.Name}' {e.Payload}"));
            var changes = after.ChangesSince(before);
            failures.AddRange(changes
                .Where(change => allowance?.Tolerances.Any(permits => permits(change, stranger.Id, changes)) != true)
                .Select(change => $"{name}: table {change}"));
        }

        output.WriteLine($"{methods.Count} hub methods:");
        output.WriteLine(string.Join(Environment.NewLine, report));
        report.Count.ShouldBe(methods.Count, "every hub method was called");
        failures.ShouldBeEmpty(string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task ShouldAcceptTheSameCallsFromTheOwner_SoThatOnlyWhoCallsMadeTheStrangerFail()
    {
        var refused = HubMethods().Where(m => !AllowList.ContainsKey(m.Name)).ToList();
        refused.ShouldNotBeEmpty();
        var owner = await SignUpAsync("Ann");
        var partner = await SignUpAsync("Carol");
        var targets = await ConversationOfAsync(owner, partner);
        var ownerEvents = await ListenAsync(owner, Fixture.InstanceA);
        var failures = new List<string>();

        foreach (var (name, method) in refused)
        {
            if (await InvokeAsync(ownerEvents.Connection, name, method, Arguments(name, method, owner.Id, targets)) is { } failure)
            {
                failures.Add($"{name}: the owner's call failed, so the arguments, not the caller, may be what fails: {failure.Message}");
            }
        }

        failures.ShouldBeEmpty(string.Join(Environment.NewLine, failures));
    }

    /// <summary>
    /// The hub methods a client can call, as SignalR finds them: the public instance methods of the hub that are not
    /// declared by <see cref="Hub"/> or <see cref="object"/>, by wire name. The allow-list must name only these.
    /// </summary>
    private static List<(string Name, MethodInfo Method)> HubMethods()
    {
        var methods = typeof(ChatHub).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => !m.IsSpecialName && m.GetBaseDefinition().DeclaringType is { } declaring
                && declaring != typeof(object) && declaring != typeof(Hub)
                && !(declaring.IsGenericType && declaring.GetGenericTypeDefinition() == typeof(Hub<>)))
            .Select(m => (Name: m.GetCustomAttribute<HubMethodNameAttribute>()?.Name ?? m.Name, Method: m))
            .OrderBy(m => m.Name, StringComparer.Ordinal)
            .ToList();
        methods.ShouldNotBeEmpty("the hub has no methods: is it the right type?");
        AllowList.Keys.Except(methods.Select(m => m.Name)).ShouldBeEmpty("allowed methods that the hub does not have (renamed or removed?)");
        return methods;
    }

    /// <summary>The hub method's arguments, every parameter and payload field filled by its name (snake_case, as on the wire).</summary>
    private static object?[] Arguments(string name, MethodInfo method, Guid caller, HubTargets targets) =>
        [.. method.GetParameters().Select(p => Fill(p.ParameterType, JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name!), $"{name}({p.Name})", caller, targets))];

    private static JsonNode? Fill(Type type, string name, string where, Guid caller, HubTargets targets)
    {
        if (Values.TryGetValue(name, out var value))
        {
            return value(caller, targets);
        }

        if (type.IsClass && type != typeof(string) && type.GetProperties(BindingFlags.Public | BindingFlags.Instance) is { Length: > 0 } properties)
        {
            var payload = new JsonObject();
            foreach (var property in properties)
            {
                var field = JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name);
                payload[field] = Fill(property.PropertyType, field, $"{where}.{field}", caller, targets);
            }

            return payload;
        }

        throw new InvalidOperationException(
            $"{where}: the test does not know what '{name}' ({type.Name}) should carry: add it to {nameof(Values)} (and to the allow-list, with a reason, if a stranger may call the method).");
    }

    private static async Task<Exception?> InvokeAsync(HubConnection connection, string name, MethodInfo method, object?[] arguments)
    {
        var returnType = method.ReturnType.IsGenericType ? typeof(JsonElement) : typeof(object);
        try
        {
            await connection.InvokeCoreAsync(name, returnType, arguments);
            return null;
        }
        catch (HubException ex)
        {
            return ex;
        }
    }

    /// <summary>A direct conversation of the owner and the partner, with a message from each; the owner's is the target.</summary>
    private async Task<HubTargets> ConversationOfAsync(ChatUser owner, ChatUser partner)
    {
        var conversation = await DirectAsync(owner, partner);
        await ChatOf(partner).SendMessageAsync(conversation, new SendMessageInput { Kind = MessageKind.Text, Content = "The gate code is 4711" });
        var message = await ChatOf(owner).SendMessageAsync(conversation, new SendMessageInput { Kind = MessageKind.Text, Content = "Thanks, see you at 6" });
        return new HubTargets(owner.Id, conversation, message.Id);
    }

    /// <summary>A connection that records every event the server can send (every method of <see cref="Homelette.Infrastructure.Realtime.IChatClient"/>).</summary>
    private async Task<EventLog> ListenAsync(ChatUser user, ChatFixture.ChatHostFactory instance)
    {
        var connection = Build(instance.HubUrl, options => options.AccessTokenProvider = () => Task.FromResult<string?>(user.Token));
        var log = new EventLog(connection);
        foreach (var clientMethod in typeof(Homelette.Infrastructure.Realtime.IChatClient).GetMethods())
        {
            var eventName = clientMethod.Name;
            connection.On(eventName, [.. clientMethod.GetParameters().Select(_ => typeof(JsonElement))], (arguments, state) =>
            {
                ((EventLog)state).Add(eventName, string.Join(", ", arguments.Select(a => a is JsonElement json ? json.GetRawText() : "null")));
                return Task.CompletedTask;
            }, log);
        }

        await connection.StartAsync();
        return log;
    }

    /// <summary>Waits until the connections' own arrival events (online_users, user_online) are in, then forgets them.</summary>
    private static async Task SettleAsync(params EventLog[] logs)
    {
        await WaitUntilAsync(() => logs.All(log => log.Has("online_users")));
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        foreach (var log in logs)
        {
            log.Drain();
        }
    }

    private sealed record HubTargets(Guid Owner, Guid Conversation, Guid Message);

    /// <param name="Reason">Why a stranger may call it.</param>
    /// <param name="EventsToOwner">The events the owner may get from it.</param>
    /// <param name="Tolerances">The only row changes it may make (given the change, the caller and all the call's changes).</param>
    private sealed record HubAllowance(string Reason, string[] EventsToOwner, Func<RowChange, Guid, IReadOnlyList<RowChange>, bool>[] Tolerances);

    private sealed class EventLog(HubConnection connection)
    {
        private readonly ConcurrentQueue<(string Name, string Payload)> _events = new();

        public HubConnection Connection { get; } = connection;

        public void Add(string name, string payload) => _events.Enqueue((name, payload));

        public bool Has(string name) => _events.Any(e => e.Name == name);

        public List<(string Name, string Payload)> Drain()
        {
            var drained = new List<(string Name, string Payload)>();
            while (_events.TryDequeue(out var item))
            {
                drained.Add(item);
            }

            return drained;
        }
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Homelette.WebApi.FunctionalTests.Listings;

namespace Homelette.WebApi.FunctionalTests.Security.Fuzzing;

/// <summary>A named change to a valid request.</summary>
internal sealed record Mutation(string Name, Action<Draft> Apply);

/// <summary>
/// Makes requests for an operation of the OpenAPI document: valid ones, generated from its schemas and pointed at the
/// world's real objects, and many mutations of them, each changing one thing (a field's type, value or presence, a
/// parameter, the path, the body's syntax or media type, the caller), then random stacks of two or three.
/// Everything random comes from one seeded <see cref="Random"/>, so a seed reproduces the same requests.
/// </summary>
internal sealed class RequestGenerator(FuzzWorld world, Random random)
{
    private static readonly string[] Dates = ["2027-01-01", "2027-03-15", "2027-06-30"];
    private static readonly string[] SearchWords = ["hello", "room", "sunny beach", "fuzz", "Del Playa"];
    private int _counter;

    /// <summary>All requests of one operation: the valid ones, one per single mutation, then random stacks up to <paramref name="atLeast"/>.</summary>
    public List<FuzzRequest> Generate(FuzzOperation operation, int atLeast)
    {
        var requests = new List<FuzzRequest>();
        foreach (var caller in Enum.GetValues<Caller>())
        {
            requests.Add(Template(operation, caller, valid: true).Build());
        }

        for (var i = 0; i < 12; i++)
        {
            requests.Add(Template(operation, Caller.Owner, valid: true).Build());
        }

        var mutations = Mutations(operation).ToList();
        foreach (var mutation in mutations)
        {
            var draft = Template(operation, StructuredCaller());
            Apply(draft, mutation);
            requests.Add(draft.Build());
        }

        while (requests.Count < atLeast)
        {
            var draft = Template(operation, AnyCaller());
            var stack = random.Next(1, 4);
            for (var i = 0; i < stack; i++)
            {
                Apply(draft, mutations[random.Next(mutations.Count)]);
            }

            requests.Add(draft.Build());
        }

        return requests;
    }

    private static void Apply(Draft draft, Mutation mutation)
    {
        mutation.Apply(draft);
        draft.Mutations.Add(mutation.Name);
    }

    /// <summary>Mostly the owner, so that a mutation reaches the handler as the one who may do everything.</summary>
    private Caller StructuredCaller() => random.Next(20) switch
    {
        < 17 => Caller.Owner,
        < 19 => Caller.Participant,
        _ => Caller.Outsider,
    };

    private Caller AnyCaller() => random.Next(100) switch
    {
        < 55 => Caller.Owner,
        < 70 => Caller.Participant,
        < 77 => Caller.Outsider,
        < 86 => Caller.Anonymous,
        < 95 => Caller.BadToken,
        _ => Caller.Ghost,
    };

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private string Unique() => Interlocked.Increment(ref _counter).ToString(CultureInfo.InvariantCulture);

    // ----------------------------------------------------------------------------------------------------------------
    // Valid requests

    private Draft Template(FuzzOperation operation, Caller caller, bool valid = false)
    {
        var draft = new Draft { Operation = operation, Caller = caller, Authorization = AuthorizationOf(caller) };
        foreach (var parameter in operation.In(ParameterPlace.Path))
        {
            draft.Path[parameter.Name] = Uri.EscapeDataString(PathValue(draft, parameter.Name));
        }

        foreach (var parameter in operation.In(ParameterPlace.Query))
        {
            if ((parameter.Required || random.Next(2) == 0) && QueryValue(draft, parameter) is { } value)
            {
                draft.Query.Add((parameter.Name, Uri.EscapeDataString(value)));
            }
        }

        if (operation.Id == "SearchListings" && draft.Query.Any(q => q.Name == "sort" && q.Value == "distance") && draft.Query.All(q => q.Name != "near"))
        {
            draft.Query.Add(("near", Uri.EscapeDataString("34.4133,-119.861")));
        }

        foreach (var parameter in operation.In(ParameterPlace.Header))
        {
            if (random.Next(3) == 0)
            {
                draft.Headers[parameter.Name] = "\"1\"";
            }
        }

        if (operation.HasJsonBody)
        {
            draft.Json = Body(operation.BodySchema!, draft, valid);
        }
        else if (operation.HasMultipartBody)
        {
            var image = random.Next(3) switch
            {
                0 => (ListingTestData.Png(16, 12), "photo.png", "image/png"),
                1 => (ListingTestData.Jpeg(16, 12), "photo.jpg", "image/jpeg"),
                _ => (ListingTestData.Webp(16, 12), "photo.webp", "image/webp"),
            };
            SetMultipart(draft, [new Part("image", image.Item2, image.Item3, image.Item1)]);
        }

        return draft;
    }

    private string? AuthorizationOf(Caller caller) => caller switch
    {
        Caller.Anonymous => null,
        Caller.BadToken => Pick(world.BadAuthorizations),
        _ => $"Bearer {world.Tokens[caller]}",
    };

    private string PathValue(Draft draft, string name)
    {
        var path = draft.Operation.Path;
        var caller = draft.Caller;
        switch (name)
        {
            case "imageId":
                var images = draft.Listing?.Images ?? [];
                return (images.Count > 0 ? Pick(images) : Guid.CreateVersion7()).ToString();
            case "listingId":
                return Pick(world.Listings).Id.ToString();
            case "userId":
                return (random.Next(4) == 0 ? world.UserOf(Caller.Outsider) : world.BlockTargetId).ToString();
        }

        if (path.StartsWith("/api/chat/conversations", StringComparison.Ordinal))
        {
            draft.Conversation = Pick(world.Conversations);
            return draft.Conversation.Value.ToString();
        }

        if (path.StartsWith("/api/chat/messages", StringComparison.Ordinal))
        {
            var own = world.Messages.Where(m => m.Sender == caller).ToList();
            return (own.Count > 0 && random.Next(4) > 0 ? Pick(own) : Pick(world.Messages)).Id.ToString();
        }

        if (path.StartsWith("/api/listings", StringComparison.Ordinal))
        {
            var own = world.Listings.Where(l => l.Owner == caller).ToList();
            draft.Listing = own.Count > 0 && random.Next(4) > 0 ? Pick(own) : Pick(world.Listings);
            return draft.Listing.Id.ToString();
        }

        // /api/users/{id}: mostly the caller's own.
        return (random.Next(5) > 0 ? world.UserOf(caller) : Pick(world.UserIds.Values.ToList())).ToString();
    }

    private string? QueryValue(Draft draft, ApiParameter parameter)
    {
        var others = new[] { Caller.Owner, Caller.Participant }.Where(c => c != draft.Caller).ToList();
        switch (parameter.Name)
        {
            case "limit":
                return random.Next(1, 21).ToString(CultureInfo.InvariantCulture);
            case "cursor" or "since":
                return world.Cursors.TryGetValue(draft.Operation.Id, out var cursors) && cursors.Count > 0 ? Pick(cursors) : null;
            case "before" or "after":
                if (draft.Query.Any(q => q.Name is "before" or "after"))
                {
                    return null;
                }

                var inConversation = world.Messages.Where(m => m.ConversationId == draft.Conversation).ToList();
                return (inConversation.Count > 0 ? Pick(inConversation) : Pick(world.Messages)).Id.ToString();
            case "user_id" or "with_user_id":
                return world.UserOf(Pick(others)).ToString();
            case "conversation_id":
                return Pick(world.Conversations).ToString();
            case "owner_id":
                return world.UserOf(Pick(others)).ToString();
            case "q":
                return Pick(SearchWords);
            case "price_min":
                return "500";
            case "price_max":
                return "2000.50";
            case "bedrooms":
                return "2";
            case "bedrooms_min" or "bathrooms_min" or "roommates_max":
                return "1";
            case "city":
                return "Isla Vista";
            case "property_type":
                return Pick(new[] { "apartment", "house", "condo", "townhouse", "studio", "room" });
            case "start_date":
                return "2027-01-01";
            case "end_date":
                return "2027-06-30";
            case "amenities":
                return Pick(new[] { "wifi", "wifi,laundry", "parking,furnished,pets_allowed" });
            case "near":
                return "34.4133,-119.861";
            case "radius_km":
                return Pick(new[] { "0.5", "5", "100" });
            case "bbox":
                return "-119.9,34.4,-119.8,34.5";
            case "status":
                return Pick(new[] { "active", "rented", "archived" });
            case "sort":
                return Pick(new[] { "newest", "price_asc", "price_desc", "distance" });
        }

        return OpenApiModel.Type(parameter.Schema) switch
        {
            "integer" => "1",
            "number" => "1.5",
            "boolean" => "true",
            _ when OpenApiModel.Format(parameter.Schema) == "guid" => Pick(world.AllIds.ToList()).ToString(),
            _ => "text",
        };
    }

    /// <summary>A valid body for a schema; a few commands need fields that fit together, the rest is field by field.</summary>
    private JsonObject Body(JsonObject schema, Draft draft, bool valid)
    {
        var other = world.UserOf(draft.Caller == Caller.Participant ? Caller.Owner : Caller.Participant);
        switch (OpenApiModel.Name(schema))
        {
            case "SendMessageInput":
                return random.Next(4) switch
                {
                    0 => new JsonObject { ["kind"] = "location", ["latitude"] = 34.4133, ["longitude"] = -119.861, ["location_label"] = "The house" },
                    1 => new JsonObject { ["kind"] = "image", ["image_url"] = world.UploadedImageUrl, ["content"] = "The kitchen" },
                    _ => new JsonObject { ["kind"] = "text", ["content"] = $"hello fuzz {Unique()}", ["client_message_id"] = $"fuzz-{Unique()}" },
                };
            case "CreateConversationCommand":
                return random.Next(2) == 0
                    ? new JsonObject { ["participants"] = new JsonArray(other.ToString()), ["listing_id"] = Pick(world.Listings).Id.ToString() }
                    : new JsonObject
                    {
                        ["participants"] = new JsonArray(other.ToString(), world.UserOf(Caller.Outsider).ToString()),
                        ["title"] = $"House {Unique()}",
                    };
            case "CreateReportCommand":
                var (type, target) = random.Next(3) switch
                {
                    0 => ("user", world.UserOf(Caller.Outsider)),
                    1 => ("listing", Pick(world.Listings).Id),
                    _ => ("message", Pick(world.Messages).Id),
                };
                return new JsonObject { ["target_type"] = type, ["target_id"] = target.ToString(), ["reason"] = "Spam" };
            case "ImageOrderInput":
                var images = (draft.Listing?.Images ?? []).OrderBy(_ => random.Next()).Select(id => (JsonNode?)id.ToString()).ToArray();
                return new JsonObject { ["image_ids"] = new JsonArray(images) };
            case "MarkConversationReadInput":
                var messages = world.Messages.Where(m => m.ConversationId == draft.Conversation).ToList();
                return new JsonObject { ["up_to_message_id"] = (messages.Count > 0 ? Pick(messages) : Pick(world.Messages)).Id.ToString() };
            case "LoginCommand":
                return new JsonObject
                {
                    // Mutated sign-ins go to unknown emails, so they do not lock the account the valid ones use.
                    ["email"] = valid ? world.LoginEmail : $"nobody-{Unique()}@example.edu",
                    ["password"] = world.Password,
                };
        }

        var body = new JsonObject();
        foreach (var (name, property) in OpenApiModel.Properties(schema))
        {
            body[name] = FieldValue(name, property, draft);
        }

        return body;
    }

    private JsonNode? FieldValue(string name, JsonObject schema, Draft draft)
    {
        if (OpenApiModel.Properties(schema).Any())
        {
            return Body(schema, draft, valid: false);
        }

        switch (name)
        {
            case "email":
                return $"fuzz-{Unique()}@example.edu";
            case "password" or "current_password":
                return world.Password;
            case "new_password":
                return $"new password {Unique()}";
            case "first_name":
                return "Fuzz";
            case "last_name":
                return "Tester";
            case "major":
                return "Physics";
            case "graduation_year":
                return 2027;
            case "about_me":
                return "Third-year student.";
            case "profile_picture_url" or "image_url":
                return null;
            case "show_online_status":
                return random.Next(2) == 0;
            case "title":
                return $"Sunny room {Unique()}";
            case "description":
                return "Two minutes from the beach.";
            case "price":
                return 950.5m;
            case "start_date":
                return "2027-01-01";
            case "end_date":
                return "2027-06-30";
            case "roommates":
                return 1;
            case "amenities":
                return new JsonArray("wifi", "laundry");
            case "image_urls":
                return new JsonArray();
            case "street_address":
                return "6500 Del Playa Dr";
            case "apt_number":
                return "B";
            case "city":
                return "Isla Vista";
            case "state":
                return "CA";
            case "zip_code":
                return "93117";
            case "latitude":
                return 34.4133;
            case "longitude":
                return -119.861;
            case "bedrooms":
                return 2;
            case "bathrooms":
                return 1.5m;
            case "area":
                return 800;
            case "version":
                return null;
            case "content":
                return $"edited {Unique()}";
            case "reason":
                return "Spam";
        }

        var values = OpenApiModel.EnumValues(schema);
        if (values.Count > 0)
        {
            return Pick(values);
        }

        return OpenApiModel.Type(schema) switch
        {
            "integer" => 1,
            "number" => 1.5,
            "boolean" => true,
            "array" => new JsonArray(),
            "string" when OpenApiModel.Format(schema) == "guid" => Pick(world.AllIds.ToList()).ToString(),
            "string" when OpenApiModel.Format(schema) == "date" => Pick(Dates),
            _ => "text",
        };
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Mutations

    private IEnumerable<Mutation> Mutations(FuzzOperation operation)
    {
        foreach (var mutation in CallerMutations())
        {
            yield return mutation;
        }

        foreach (var parameter in operation.In(ParameterPlace.Path))
        {
            foreach (var (label, value) in BadPathValues())
            {
                yield return new Mutation($"path {parameter.Name} {label}", d => d.Path[parameter.Name] = value);
            }
        }

        foreach (var parameter in operation.In(ParameterPlace.Query))
        {
            foreach (var mutation in QueryMutations(operation, parameter))
            {
                yield return mutation;
            }
        }

        foreach (var parameter in operation.In(ParameterPlace.Header))
        {
            foreach (var value in new[] { "*", "\"abc\"", "W/\"1\"", "\"-1\"", "\"99999999999999999999\"", "1", "", "\"\"", "\"1\", \"2\"", new string('9', 5000) })
            {
                yield return new Mutation($"header {parameter.Name} {Label(value)}", d => d.Headers[parameter.Name] = value);
            }
        }

        if (operation.HasJsonBody)
        {
            foreach (var mutation in BodyMutations(operation.BodySchema!))
            {
                yield return mutation;
            }
        }

        if (operation.HasMultipartBody)
        {
            foreach (var mutation in MultipartMutations())
            {
                yield return mutation;
            }
        }
    }

    private IEnumerable<Mutation> CallerMutations()
    {
        yield return new Mutation("anonymous", d => (d.Caller, d.Authorization) = (Caller.Anonymous, null));
        yield return new Mutation("ghost user", d => (d.Caller, d.Authorization) = (Caller.Ghost, $"Bearer {world.Tokens[Caller.Ghost]}"));
        for (var i = 0; i < world.BadAuthorizations.Count; i++)
        {
            var value = world.BadAuthorizations[i];
            yield return new Mutation($"bad authorization #{i}", d => (d.Caller, d.Authorization) = (Caller.BadToken, value));
        }
    }

    private IEnumerable<(string Label, string Value)> BadPathValues()
    {
        var guid = Guid.CreateVersion7();
        return
        [
            ("-1", "-1"),
            ("0", "0"),
            ("huge number", "99999999999999999999"),
            ("1e308", "1e308"),
            ("NaN", "NaN"),
            ("non-numeric", "abc"),
            ("dot-dot encoded slash", "..%2F..%2F..%2Fetc%2Fpasswd"),
            ("encoded dots", "%2e%2e"),
            ("NUL", "%00"),
            ("space", "%20"),
            ("emoji", "%F0%9F%98%80"),
            ("invalid UTF-8", "%C3%28"),
            ("unknown guid", guid.ToString()),
            ("nil guid", Guid.Empty.ToString()),
            ("upper-case guid", guid.ToString().ToUpperInvariant()),
            ("guid in braces", Uri.EscapeDataString(guid.ToString("B"))),
            ("guid without dashes", guid.ToString("N")),
            ("guid with a tail", guid + "x"),
            ("5000 chars", new string('a', 5000)),
            ("me", "me"),
            ("null", "null"),
            ("another kind's id", Pick(world.AllIds.ToList()).ToString()),
            ("another kind's id", Pick(world.AllIds.ToList()).ToString()),
        ];
    }

    private IEnumerable<Mutation> QueryMutations(FuzzOperation operation, ApiParameter parameter)
    {
        var name = parameter.Name;
        var values = new List<(string Label, string Raw)>
        {
            ("empty", string.Empty),
            ("blank", "%20%20"),
            ("7000 chars", new string('a', 7000)),
            ("100k chars", new string('a', 100_000)),
            ("emoji", Uri.EscapeDataString("🏠🔑")),
            ("RTL", Uri.EscapeDataString("\u202Egnp.exe")),
            ("NUL", "%00"),
            ("bad percent-encoding", "%zz"),
            ("invalid UTF-8", "%C3%28"),
            ("lone surrogate", "%ED%A0%80"),
            ("plus", "+"),
            ("sql", Uri.EscapeDataString("' OR '1'='1")),
            ("like wildcards", Uri.EscapeDataString("%_%\\")),
        };
        var type = OpenApiModel.Type(parameter.Schema);
        var format = OpenApiModel.Format(parameter.Schema);
        if (type is "integer" or "number")
        {
            values.AddRange(
            [
                ("letters", "abc"), ("-1", "-1"), ("0", "0"), ("-0", "-0"), ("int max + 1", "2147483648"),
                ("long max + 1", "9223372036854775808"), ("huge", "99999999999999999999"), ("decimal overflow", "79228162514264337593543950336"),
                ("fraction", "1.5"), ("exponent", "1e3"), ("1e308", "1e308"), ("1e309", "1e309"), ("-1e308", "-1e308"),
                ("NaN", "NaN"), ("Infinity", "Infinity"), ("-Infinity", "-Infinity"), ("hex", "0x10"), ("comma", "1,5"),
            ]);
        }
        else if (format == "guid")
        {
            var guid = Guid.CreateVersion7();
            values.AddRange(
            [
                ("not a guid", "abc"), ("nil guid", Guid.Empty.ToString()), ("unknown guid", guid.ToString()),
                ("guid in braces", Uri.EscapeDataString(guid.ToString("B"))), ("guid without dashes", guid.ToString("N")),
                ("another kind's id", Pick(world.AllIds.ToList()).ToString()),
            ]);
        }
        else if (format == "date")
        {
            values.AddRange(
            [
                ("30 February", "2027-02-30"), ("year 1", "0001-01-01"), ("year 9999", "9999-12-31"), ("no zero padding", "2027-1-1"),
                ("a time", Uri.EscapeDataString("2027-01-01T10:00:00Z")), ("words", "tomorrow"), ("year 10000", "10000-01-01"),
            ]);
        }

        values.AddRange(name switch
        {
            "near" => [("three numbers", "1,2,3"), ("one number", "34.4"), ("out of range", "91,181"), ("NaN", "NaN,NaN"),
                ("Infinity", "Infinity,-Infinity"), ("1e308", "1e308,1e308"), ("comma only", ","), ("letters", "a,b"), ("poles", "-90,-180")],
            "bbox" => [("three numbers", "1,2,3"), ("inverted", "10,10,0,0"), ("whole world", "-180,-90,180,90"), ("NaN", "NaN,0,1,1"),
                ("1e308", "-1e308,-1e308,1e308,1e308"), ("Infinity", "-Infinity,-Infinity,Infinity,Infinity"), ("five numbers", "1,2,3,4,5"), ("empty parts", ",,,")],
            "amenities" => [("unknown", "jacuzzi"), ("upper-case", "WIFI"), ("empty items", "wifi,,"), ("commas", ",,,,"),
                ("500 items", string.Join(',', Enumerable.Repeat("wifi", 500))), ("integer", "1")],
            "sort" or "status" or "property_type" => [("unknown", "unknown"), ("upper-case", "ACTIVE"), ("integer", "1"), ("padded", "%20newest%20")],
            "cursor" or "since" => BadCursors(operation),
            _ => [],
        });
        foreach (var (label, raw) in values)
        {
            yield return new Mutation($"query {name} {label}", d =>
            {
                d.Query.RemoveAll(q => q.Name == name);
                d.Query.Add((name, raw));
            });
        }

        yield return new Mutation($"query {name} twice", d =>
        {
            d.Query.RemoveAll(q => q.Name == name);
            d.Query.Add((name, "1"));
            d.Query.Add((name, "2"));
        });
        yield return new Mutation($"query {name}[] syntax", d => d.Query.Add(($"{name}%5B%5D", "1")));
    }

    /// <summary>Cursors a client could send: random, truncated, altered, another endpoint's (validly signed), oversized.</summary>
    private List<(string Label, string Raw)> BadCursors(FuzzOperation operation)
    {
        var all = world.AllCursors.ToList();
        var own = world.Cursors.TryGetValue(operation.Id, out var cursors) && cursors.Count > 0 ? Pick(cursors) : Pick(all);
        var randomBytes = new byte[48];
        random.NextBytes(randomBytes);
        var base64 = Convert.ToBase64String(randomBytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var dot = own.IndexOf('.', StringComparison.Ordinal);
        var flipped = own.ToCharArray();
        flipped[dot / 2] = flipped[dot / 2] == 'A' ? 'B' : 'A';
        var list = new List<(string Label, string Raw)>
        {
            ("random base64", base64),
            ("random base64 with a dot", $"{base64[..20]}.{base64[20..]}"),
            ("dot only", "."),
            ("two dots", "a.b.c"),
            ("truncated real cursor", Uri.EscapeDataString(own[..(own.Length / 2)])),
            ("real cursor without its signature", Uri.EscapeDataString(own[..dot])),
            ("real cursor with an empty signature", Uri.EscapeDataString(own[..(dot + 1)])),
            ("real cursor, altered payload", Uri.EscapeDataString(new string(flipped))),
            ("real cursor, padded", Uri.EscapeDataString(own + "==")),
            ("real cursor twice", Uri.EscapeDataString(own + own)),
            ("real cursor, standard base64", Uri.EscapeDataString(own.Replace('-', '+').Replace('_', '/'))),
            ("not base64", Uri.EscapeDataString("!!!.???")),
            ("5000 chars", new string('A', 2500) + "." + new string('A', 2500)),
            ("base64 of null", "bnVsbA.AAAAAAAAAAAAAAAAAAAAAA"),
        };
        list.AddRange(world.Cursors.Where(c => c.Key != operation.Id && c.Value.Count > 0)
            .Select(c => ($"a cursor of {c.Key}", Uri.EscapeDataString(c.Value[0]))));
        return list;
    }

    private IEnumerable<Mutation> BodyMutations(JsonObject schema)
    {
        // The body as a whole: its syntax, its JSON type, its size, its encoding and its media type.
        var whole = new (string Label, Func<string, string> Text)[]
        {
            ("empty body", _ => string.Empty),
            ("body null", _ => "null"),
            ("body an array", _ => "[]"),
            ("body a number", _ => "123"),
            ("body a string", _ => "\"text\""),
            ("body true", _ => "true"),
            ("body {}", _ => "{}"),
            ("truncated body", t => t[..(t.Length / 2)]),
            ("body cut after 1 char", t => t[..1]),
            ("body without its last char", t => t[..^1]),
            ("trailing garbage", t => t + "garbage"),
            ("trailing brace", t => t + "}"),
            ("two documents", t => t + t),
            ("comments", t => "/* comment */" + t + "// end"),
            ("single quotes", t => t.Replace('"', '\'')),
            ("trailing comma", t => t.EndsWith('}') ? t[..^1] + ",}" : t + ","),
            ("NaN literal", t => t.Length > 2 ? "{\"x\":NaN," + t[1..] : "NaN"),
            ("nested 100 deep", _ => new string('[', 100) + new string(']', 100)),
            ("nested 100k deep", _ => new string('[', 100_000) + new string(']', 100_000)),
            ("objects nested 70 deep", _ => string.Concat(Enumerable.Repeat("{\"a\":", 70)) + "1" + new string('}', 70)),
            ("1.5 MiB body", _ => $"{{\"x\":\"{new string('a', 1_500_000)}\"}}"),
            ("duplicate key", t => t.Length > 2 ? "{\"" + FirstKey(schema) + "\":123," + t[1..] : t),
        };
        foreach (var (label, text) in whole)
        {
            yield return new Mutation(label, d => d.Transform = text);
        }

        yield return new Mutation("leading BOM", d => d.Encode = t => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(t)]);
        yield return new Mutation("invalid UTF-8", d => d.Encode = t => [.. Encoding.UTF8.GetBytes(t.Length > 2 ? t[..2] : t), 0xC3, 0x28, 0xFF, .. Encoding.UTF8.GetBytes(t.Length > 2 ? t[2..] : string.Empty)]);
        yield return new Mutation("UTF-16 body", d => d.Encode = Encoding.Unicode.GetBytes);
        yield return new Mutation("no body", d => d.NoBody = true);
        foreach (var contentType in new[]
        {
            Draft.NoContentType, "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
            "application/json; charset=iso-8859-1", "application/json; charset=utf-32", "application/json; charset=nonsense",
            "application/merge-patch+json", "application/problem+json", "@@@", "*/*", "application/json, text/plain",
        })
        {
            yield return new Mutation($"content-type {contentType}", d => d.ContentType = contentType);
        }

        foreach (var extra in new[] { "fuzz_unknown", "$type", "$ref", "$id", "$values", "__proto__", "constructor", "Id", "id", "user_id", "owner_id" })
        {
            yield return new Mutation($"extra field {extra}", d =>
            {
                if (d.Json is JsonObject body)
                {
                    body[extra] = extra == "$ref" ? "1" : 1;
                }
            });
        }

        foreach (var (name, _) in OpenApiModel.Properties(schema))
        {
            var cased = char.ToUpperInvariant(name[0]) + name[1..];
            yield return new Mutation($"field {name} spelled {cased}", d =>
            {
                if (d.Json is JsonObject body && body.Remove(name, out var value))
                {
                    body[cased] = value;
                }
            });
        }

        foreach (var (path, field) in OpenApiModel.Fields(schema))
        {
            foreach (var mutation in FieldMutations(path, field))
            {
                yield return mutation;
            }
        }
    }

    private static string FirstKey(JsonObject schema) => OpenApiModel.Properties(schema).Select(p => p.Name).FirstOrDefault() ?? "x";

    private IEnumerable<Mutation> FieldMutations(string[] path, JsonObject schema)
    {
        var at = string.Join('.', path);
        yield return new Mutation($"{at} missing", d => Remove(d, path));
        yield return new Mutation($"{at} null", d => Set(d, path, null));

        var raw = new List<(string Label, string Json)>();
        var type = OpenApiModel.Type(schema);
        var format = OpenApiModel.Format(schema);
        if (OpenApiModel.EnumValues(schema).Count > 0)
        {
            raw.AddRange(
            [
                ("enum empty", "\"\""), ("enum unknown", "\"unknown\""), ("enum upper-case", "\"APARTMENT\""), ("enum PascalCase", "\"Text\""),
                ("enum as integer", "0"), ("enum as integer 99", "99"), ("enum as integer string", "\"1\""), ("enum padded", "\" text \""),
                ("enum list", "\"text,image\""), ("enum 100k chars", Quote(new string('a', 100_000))),
            ]);
        }
        else if (type == "string" || type is null && !OpenApiModel.Properties(schema).Any())
        {
            raw.AddRange(StringCases());
            if (format == "guid")
            {
                raw.AddRange(GuidCases());
            }
            else if (format == "date")
            {
                raw.AddRange(DateCases());
            }
        }

        switch (type)
        {
            case "string" or null when !OpenApiModel.Properties(schema).Any():
                raw.AddRange([("a number", "123"), ("a fraction", "1.5"), ("true", "true"), ("an object", "{}"), ("an array", "[]"), ("an array of strings", "[\"a\"]")]);
                break;
            case "integer" or "number":
                raw.AddRange(NumberCases());
                raw.AddRange([("a numeric string", "\"12\""), ("letters", "\"abc\""), ("empty string", "\"\""), ("true", "true"), ("an object", "{}"), ("an array", "[1]")]);
                break;
            case "boolean":
                raw.AddRange([("string true", "\"true\""), ("1", "1"), ("0", "0"), ("yes", "\"yes\""), ("an object", "{}"), ("an array", "[true]")]);
                break;
            case "array":
                raw.AddRange(ArrayCases(schema));
                break;
            default:
                raw.AddRange([("a string", "\"x\""), ("a number", "1"), ("an array", "[]"), ("true", "true"), ("empty object", "{}")]);
                break;
        }

        foreach (var (label, json) in raw)
        {
            yield return new Mutation($"{at} {label}", d => SetRaw(d, path, json));
        }

        if (OpenApiModel.Properties(schema).Any())
        {
            yield return new Mutation($"{at} with an unknown field", d =>
            {
                if (Get(d, path) is JsonObject inner)
                {
                    inner["fuzz_unknown"] = "x";
                }
            });
        }
    }

    private static string Quote(string text) => JsonSerializer.Serialize(text, Draft.Writer);

    private static IEnumerable<(string Label, string Json)> StringCases() =>
    [
        ("empty", "\"\""),
        ("blank", "\"   \""),
        ("100k chars", Quote(new string('a', 100_000))),
        ("50k emoji", Quote(string.Concat(Enumerable.Repeat("😀", 50_000)))),
        ("4001 chars", Quote(new string('x', 4001))),
        ("1001 chars", Quote(new string('x', 1001))),
        ("513 chars", Quote(new string('x', 513))),
        ("256 chars", Quote(new string('x', 256))),
        ("NUL", "\"\\u0000\""),
        ("NUL inside", "\"a\\u0000b\""),
        ("control characters", "\"\\u0001\\u0007\\u001b[31m\""),
        ("RTL override", Quote("\u202Egnp.exe")),
        ("emoji", Quote("🏠🔑👩‍👩‍👧")),
        ("zero-width", Quote("\u200B\u200C\u200D")),
        ("5000 combining marks", Quote("e" + new string('\u0301', 5000))),
        ("CRLF", "\"a\\r\\nInjected: header\""),
        ("html", Quote("<script>alert(1)</script>")),
        ("sql", Quote("' OR '1'='1'; DROP TABLE users; --")),
        ("like wildcards", Quote("%_%\\")),
        ("path traversal", Quote("../../../etc/passwd")),
        ("lone high surrogate", "\"\\ud800\""),
        ("lone low surrogate", "\"\\udfff\""),
        ("reversed surrogates", "\"\\udc00\\ud800\""),
        ("noncharacter", "\"\\uffff\""),
        ("BOM", "\"\\ufeff\""),
        ("format string", Quote("%s%n{0}{{}}")),
        ("arabic", Quote("مرحبا بالعالم")),
        ("string null", "\"null\""),
        ("a URL", Quote("http://169.254.169.254/latest/meta-data/")),
        ("an upload URL elsewhere", Quote("/uploads/../appsettings.json")),
    ];

    private IEnumerable<(string Label, string Json)> GuidCases()
    {
        var guid = Guid.CreateVersion7();
        return
        [
            ("nil guid", Quote(Guid.Empty.ToString())),
            ("unknown guid", Quote(guid.ToString())),
            ("guid in braces", Quote(guid.ToString("B"))),
            ("guid without dashes", Quote(guid.ToString("N"))),
            ("guid with a tail", Quote(guid + "0")),
            ("not a guid", "\"abc\""),
            ("another kind's id", Quote(Pick(world.AllIds.ToList()).ToString())),
            ("another kind's id", Quote(Pick(world.AllIds.ToList()).ToString())),
        ];
    }

    private static IEnumerable<(string Label, string Json)> DateCases() =>
    [
        ("30 February", "\"2027-02-30\""),
        ("year 1", "\"0001-01-01\""),
        ("year 9999", "\"9999-12-31\""),
        ("no zero padding", "\"2027-1-1\""),
        ("a time", "\"2027-01-01T10:00:00Z\""),
        ("negative year", "\"-0001-01-01\""),
        ("year 10000", "\"10000-01-01\""),
        ("words", "\"tomorrow\""),
        ("a number", "20270101"),
    ];

    private static IEnumerable<(string Label, string Json)> NumberCases() =>
    [
        ("-1", "-1"),
        ("0", "0"),
        ("-0", "-0"),
        ("fraction", "1.5"),
        ("tiny fraction", "0.000000000000000000000000000001"),
        ("int max", "2147483647"),
        ("int max + 1", "2147483648"),
        ("int min - 1", "-2147483649"),
        ("long max", "9223372036854775807"),
        ("long max + 1", "9223372036854775808"),
        ("long min - 1", "-9223372036854775809"),
        ("decimal max + 1", "79228162514264337593543950336"),
        ("30 digits and fraction", "123456789012345678901234567890.123456789"),
        ("1e308", "1e308"),
        ("-1e308", "-1e308"),
        ("1e309", "1e309"),
        ("-1e309", "-1e309"),
        ("1e-400", "1e-400"),
        ("smallest double", "4.9e-324"),
        ("exponent", "1E2"),
        ("string NaN", "\"NaN\""),
        ("string Infinity", "\"Infinity\""),
        ("string -Infinity", "\"-Infinity\""),
        ("NaN literal", "NaN"),
        ("hex", "0x10"),
        ("leading zero", "01"),
        ("plus sign", "+1"),
        ("bare fraction", ".5"),
    ];

    private IEnumerable<(string Label, string Json)> ArrayCases(JsonObject schema)
    {
        var items = schema["items"]?.AsObject();
        var item = items is not null && OpenApiModel.Format(items) == "guid"
            ? Quote(Pick(world.AllIds.ToList()).ToString())
            : items is not null && OpenApiModel.EnumValues(items).Count > 0 ? Quote(OpenApiModel.EnumValues(items)[0]) : "\"x\"";
        return
        [
            ("empty array", "[]"),
            ("a string", "\"x\""),
            ("an object", "{}"),
            ("a number", "1"),
            ("[null]", "[null]"),
            ("nested arrays", "[[]]"),
            ("mixed items", $"[{item},1,{{}},null,true]"),
            ("51 items", $"[{string.Join(',', Enumerable.Repeat(item, 51))}]"),
            ("10000 items", $"[{string.Join(',', Enumerable.Repeat(item, 10_000))}]"),
            ("10000 distinct guids", $"[{string.Join(',', Enumerable.Range(0, 10_000).Select(_ => Quote(Guid.NewGuid().ToString())))}]"),
            ("duplicates", $"[{item},{item}]"),
            ("an item of 100k chars", $"[{Quote(new string('a', 100_000))}]"),
            ("an empty item", "[\"\"]"),
            ("an item with NUL", "[\"\\u0000\"]"),
            ("an item lone surrogate", "[\"\\ud800\"]"),
            ("a nil guid item", $"[{Quote(Guid.Empty.ToString())}]"),
            ("an unknown guid item", $"[{Quote(Guid.CreateVersion7().ToString())}]"),
        ];
    }

    private static JsonNode? Get(Draft draft, string[] path)
    {
        JsonNode? node = draft.Json;
        foreach (var name in path)
        {
            node = node is JsonObject obj && obj.TryGetPropertyValue(name, out var child) ? child : null;
        }

        return node;
    }

    /// <summary>The object holding the field at <paramref name="path"/>, made when missing (so mutations stack).</summary>
    private static JsonObject? Parent(Draft draft, string[] path)
    {
        if (draft.Json is not JsonObject node)
        {
            return null;
        }

        foreach (var name in path[..^1])
        {
            if (node[name] is not JsonObject child)
            {
                child = new JsonObject();
                node[name] = child;
            }

            node = child;
        }

        return node;
    }

    private static void Remove(Draft draft, string[] path) => Parent(draft, path)?.Remove(path[^1]);

    private static void Set(Draft draft, string[] path, JsonNode? value)
    {
        if (Parent(draft, path) is { } parent)
        {
            parent[path[^1]] = value;
        }
    }

    private void SetRaw(Draft draft, string[] path, string json)
    {
        var key = $"@@raw{Unique()}@@";
        draft.RawJson[key] = json;
        Set(draft, path, key);
    }

    private static string Label(string value) => value.Length > 20 ? $"{value.Length} chars" : $"'{value}'";

    // ----------------------------------------------------------------------------------------------------------------
    // Multipart

    private sealed record Part(string Name, string? FileName, string? ContentType, byte[] Content);

    private static void SetMultipart(Draft draft, IEnumerable<Part> parts, string boundary = "fuzz-boundary-7d1c")
    {
        var body = new List<byte>();
        foreach (var part in parts)
        {
            var head = new StringBuilder($"--{boundary}\r\nContent-Disposition: form-data; name=\"{part.Name}\"");
            if (part.FileName is not null)
            {
                head.Append($"; filename=\"{part.FileName}\"");
            }

            head.Append("\r\n");
            if (part.ContentType is not null)
            {
                head.Append($"Content-Type: {part.ContentType}\r\n");
            }

            head.Append("\r\n");
            body.AddRange(Encoding.UTF8.GetBytes(head.ToString()));
            body.AddRange(part.Content);
            body.AddRange("\r\n"u8.ToArray());
        }

        body.AddRange(Encoding.UTF8.GetBytes($"--{boundary}--\r\n"));
        draft.Body = [.. body];
        draft.ContentType = $"multipart/form-data; boundary={boundary}";
    }

    private static IEnumerable<Mutation> MultipartMutations()
    {
        var png = ListingTestData.Png(16, 12);
        Mutation File(string label, byte[] content, string fileName = "photo.png", string? contentType = "image/png", string field = "image") =>
            new($"multipart {label}", d => SetMultipart(d, [new Part(field, fileName, contentType, content)]));

        yield return File("field named file", png, field: "file");
        yield return File("empty file", []);
        yield return File("1 KB of garbage", [.. Enumerable.Range(0, 1024).Select(i => (byte)(i * 31))]);
        yield return File("truncated png", png[..(png.Length / 2)]);
        yield return File("png header only", png[..33]);
        yield return File("png claiming 30000x30000", ListingTestData.PngClaiming(30000, 30000));
        yield return File("png claiming 0x0", ListingTestData.PngClaiming(0, 0));
        yield return File("png claiming -1x-1", ListingTestData.PngClaiming(-1, -1));
        yield return File("png claiming 1x100000", ListingTestData.PngClaiming(1, 100_000));
        yield return File("html", ListingTestData.Html(), "photo.html", "text/html");
        yield return File("svg", ListingTestData.Svg(), "photo.svg", "image/svg+xml");
        yield return File("gif", [.. "GIF89a"u8.ToArray(), 1, 0, 1, 0, 0, 0, 0, 59]);
        yield return File("exe", ListingTestData.PortableExecutable(), "photo.exe", "application/octet-stream");
        yield return File("text claiming png", "just text"u8.ToArray());
        yield return File("jpeg magic then zeros", ListingTestData.JpegMagicFollowedByZeros(4096), "photo.jpg", "image/jpeg");
        yield return File("11 MB", ListingTestData.ElevenMegabytes(), "photo.jpg", "image/jpeg");
        yield return File("file name with traversal", png, "../../../etc/passwd.png");
        yield return File("file name with unicode", png, "😀\u202Egnp.exe");
        yield return File("file name of 1000 chars", png, new string('a', 1000) + ".png");
        yield return File("no file name", png, fileName: null!);
        yield return File("garbage content type", png, contentType: "@@@");
        yield return File("no content type", png, contentType: null);
        yield return new Mutation("multipart text field only", d => SetMultipart(d, [new Part("image", null, null, "not a file"u8.ToArray())]));
        yield return new Mutation("multipart no parts", d => SetMultipart(d, []));
        yield return new Mutation("multipart two files", d => SetMultipart(d, [new Part("image", "a.png", "image/png", png), new Part("image", "b.png", "image/png", png)]));
        yield return new Mutation("multipart 200 parts", d => SetMultipart(d, Enumerable.Range(0, 200).Select(i => new Part($"f{i}", null, null, "x"u8.ToArray()))));
        yield return new Mutation("multipart without boundary", d => d.ContentType = "multipart/form-data");
        yield return new Mutation("multipart wrong boundary", d => d.ContentType = "multipart/form-data; boundary=other");
        yield return new Mutation("multipart unknown charset", d => d.ContentType += "; charset=nonsense");
        yield return new Mutation("multipart boundary of 200 chars", d => d.ContentType = $"multipart/form-data; boundary={new string('b', 200)}");
        yield return new Mutation("multipart truncated", d => d.Body = d.Body is { } body ? body[..(body.Length / 2)] : null);
        yield return new Mutation("multipart no body", d => d.NoBody = true);
        yield return new Mutation("json instead of multipart", d =>
        {
            d.Body = "{\"image\":\"x\"}"u8.ToArray();
            d.ContentType = "application/json";
        });
        yield return new Mutation("form urlencoded", d =>
        {
            d.Body = "image=abc"u8.ToArray();
            d.ContentType = "application/x-www-form-urlencoded";
        });
        yield return new Mutation("no content type", d => d.ContentType = Draft.NoContentType);
    }
}

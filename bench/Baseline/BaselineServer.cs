using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Homelette.Application.Common.Paging;
using Homelette.Domain.Listings;
using MySqlConnector;

namespace Homelette.Bench.Baseline;

/// <summary>
/// The baselines of scenarios 1 and 2: the search and the detail of a listing answered with the least a program can
/// do: the SQL the WebApi sends (copied from MariaDB's general log) through MySqlConnector, one pooled connection per
/// request, and the same JSON written by hand with <see cref="Utf8JsonWriter"/>. No mediator, validation, EF Core,
/// model binding or serializer: what the WebApi spends beyond this is the cost of its layers.
/// </summary>
internal static class BaselineServer
{
    private const int PageSize = 20;

    // The WebApi's SQL for price_max + bedrooms_min + city with the newest order (docs/explain/listing-search.md).
    private const string SearchSql = """
        SELECT `l`.`Id`, `l`.`OwnerId`, `l`.`Title`, `l`.`Price`, `l`.`StartDate`, `l`.`EndDate`, `l`.`City`, `l`.`State`, `l`.`Latitude`, `l`.`Longitude`, `l`.`PropertyType`, `l`.`Bedrooms`, `l`.`Bathrooms`, `l`.`Roommates`, `l`.`Amenities`, `l`.`Status`, `l`.`CoverImageUrl`, (
            SELECT COUNT(*)
            FROM `favorites` AS `f`
            WHERE `f`.`ListingId` = `l`.`Id`) AS `FavoriteCount`, `l`.`CreatedAt`
        FROM `listings` AS `l`
        WHERE (((`l`.`Status` = 0) AND (`l`.`Price` <= @priceMax)) AND (`l`.`Bedrooms` >= @bedroomsMin)) AND (`l`.`City` = @city)
        ORDER BY `l`.`Id` DESC
        LIMIT 21
        """;

    // One row: the listing with its owner and its favorite count, then its images, then the view it counts (an
    // anonymous view always counts, as in the WebApi).
    private const string DetailSql = """
        SELECT `l`.`Id`, `l`.`Title`, `l`.`Description`, `l`.`Price`, `l`.`StartDate`, `l`.`EndDate`, `l`.`Roommates`, `l`.`Amenities`, `l`.`Status`,
               `l`.`StreetAddress`, `l`.`AptNumber`, `l`.`City`, `l`.`State`, `l`.`ZipCode`, `l`.`Latitude`, `l`.`Longitude`,
               `l`.`PropertyType`, `l`.`Bedrooms`, `l`.`Bathrooms`, `l`.`Area`, `l`.`CoverImageUrl`, `l`.`ViewCount`, `l`.`Version`, `l`.`CreatedAt`, `l`.`UpdatedAt`,
               `u`.`Id`, `u`.`FirstName`, `u`.`LastName`, `u`.`Major`, `u`.`GraduationYear`, `u`.`AboutMe`, `u`.`ProfilePictureUrl`, `u`.`CreatedAt`,
               (SELECT COUNT(*) FROM `favorites` AS `f` WHERE `f`.`ListingId` = `l`.`Id`) AS `FavoriteCount`
        FROM `listings` AS `l`
        JOIN `users` AS `u` ON `u`.`Id` = `l`.`OwnerId`
        WHERE `l`.`Id` = @id AND `l`.`Status` = 0;
        SELECT `i`.`Id`, `i`.`Url`, `i`.`Position` FROM `listing_images` AS `i` WHERE `i`.`ListingId` = @id ORDER BY `i`.`Position`;
        UPDATE `listings` SET `ViewCount` = `ViewCount` + 1 WHERE `Id` = @id;
        """;

    private static readonly string[] AmenityNames = Enum.GetValues<Amenity>()
        .Select(a => JsonNamingPolicy.SnakeCaseLower.ConvertName(a.ToString())).ToArray();

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var connectionString = builder.Configuration.GetConnectionString("Default")
            ?? throw new InvalidOperationException("ConnectionStrings:Default is not set.");
        var key = builder.Configuration["Jwt:Key"] ?? throw new InvalidOperationException("Jwt:Key is not set.");
        await using var dataSource = new MySqlDataSourceBuilder(connectionString).Build();
        var cursors = new CursorCodec(CursorCodec.DeriveKey(key));
        var app = builder.Build();
        app.MapGet("/baseline/listings", (HttpContext context) => SearchAsync(context, dataSource, cursors));
        app.MapGet("/baseline/listings/{id:guid}", (HttpContext context, Guid id) => DetailAsync(context, dataSource, id));
        app.MapGet("/health", () => "ok");
        await app.RunAsync();
        return 0;
    }

    private static async Task SearchAsync(HttpContext context, MySqlDataSource dataSource, CursorCodec cursors)
    {
        var query = context.Request.Query;
        if (!decimal.TryParse(query["price_max"], NumberStyles.Number, CultureInfo.InvariantCulture, out var priceMax)
            || !int.TryParse(query["bedrooms_min"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var bedroomsMin)
            || string.IsNullOrEmpty(query["city"]))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var ct = context.RequestAborted;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var command = new MySqlCommand(SearchSql, connection);
        command.Parameters.AddWithValue("@priceMax", priceMax);
        command.Parameters.AddWithValue("@bedroomsMin", bedroomsMin);
        command.Parameters.AddWithValue("@city", query["city"].ToString());
        await using var reader = await command.ExecuteReaderAsync(ct);

        context.Response.ContentType = "application/json; charset=utf-8";
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        await using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("items");
            var rows = 0;
            Guid lastId = default;
            decimal lastPrice = default;
            var more = false;
            while (await reader.ReadAsync(ct))
            {
                if (++rows > PageSize)
                {
                    more = true;
                    break;
                }

                lastId = reader.GetGuid(0);
                lastPrice = reader.GetDecimal(3);
                json.WriteStartObject();
                json.WriteString("id", lastId);
                json.WriteString("owner_id", reader.GetGuid(1));
                json.WriteString("title", reader.GetString(2));
                json.WriteNumber("price", lastPrice);
                json.WriteString("start_date", DateOnly.FromDateTime(reader.GetDateTime(4)).ToString("O", CultureInfo.InvariantCulture));
                json.WriteString("end_date", DateOnly.FromDateTime(reader.GetDateTime(5)).ToString("O", CultureInfo.InvariantCulture));
                json.WriteString("city", reader.GetString(6));
                json.WriteString("state", reader.GetString(7));
                WriteNullableNumber(json, "latitude", reader, 8);
                WriteNullableNumber(json, "longitude", reader, 9);
                json.WriteString("property_type", Snake((PropertyType)reader.GetInt32(10)));
                json.WriteNumber("bedrooms", reader.GetInt32(11));
                json.WriteNumber("bathrooms", reader.GetDecimal(12));
                json.WriteNumber("roommates", reader.GetInt32(13));
                WriteAmenities(json, reader.GetInt32(14));
                json.WriteString("status", Snake((ListingStatus)reader.GetInt32(15)));
                WriteNullableString(json, "cover_image_url", reader, 16);
                json.WriteNumber("favorite_count", reader.GetInt32(17));
                json.WriteString("created_at", Utc(reader.GetDateTime(18)));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (more)
            {
                json.WriteString("next_cursor", cursors.Encode(new ListingCursor("newest", lastPrice, null, lastId)));
            }
            else
            {
                json.WriteNull("next_cursor");
            }

            json.WriteEndObject();
        }

        await context.Response.Body.WriteAsync(buffer.WrittenMemory, ct);
    }

    private static async Task DetailAsync(HttpContext context, MySqlDataSource dataSource, Guid id)
    {
        var ct = context.RequestAborted;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var command = new MySqlCommand(DetailSql, connection);
        command.Parameters.AddWithValue("@id", id);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var buffer = new ArrayBufferWriter<byte>(4 * 1024);
        await using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", reader.GetGuid(0));
            json.WriteStartObject("owner");
            json.WriteString("id", reader.GetGuid(25));
            json.WriteString("first_name", reader.GetString(26));
            json.WriteString("last_name", reader.GetString(27));
            WriteNullableString(json, "major", reader, 28);
            if (reader.IsDBNull(29))
            {
                json.WriteNull("graduation_year");
            }
            else
            {
                json.WriteNumber("graduation_year", reader.GetInt32(29));
            }

            WriteNullableString(json, "about_me", reader, 30);
            WriteNullableString(json, "profile_picture_url", reader, 31);
            json.WriteString("created_at", Utc(reader.GetDateTime(32)));
            json.WriteEndObject();
            json.WriteString("title", reader.GetString(1));
            WriteNullableString(json, "description", reader, 2);
            json.WriteNumber("price", reader.GetDecimal(3));
            json.WriteString("start_date", DateOnly.FromDateTime(reader.GetDateTime(4)).ToString("O", CultureInfo.InvariantCulture));
            json.WriteString("end_date", DateOnly.FromDateTime(reader.GetDateTime(5)).ToString("O", CultureInfo.InvariantCulture));
            json.WriteNumber("roommates", reader.GetInt32(6));
            WriteAmenities(json, reader.GetInt32(7));
            json.WriteString("status", Snake((ListingStatus)reader.GetInt32(8)));
            json.WriteStartObject("address");
            json.WriteString("street_address", reader.GetString(9));
            WriteNullableString(json, "apt_number", reader, 10);
            json.WriteString("city", reader.GetString(11));
            json.WriteString("state", reader.GetString(12));
            json.WriteString("zip_code", reader.GetString(13));
            WriteNullableNumber(json, "latitude", reader, 14);
            WriteNullableNumber(json, "longitude", reader, 15);
            json.WriteEndObject();
            json.WriteStartObject("property");
            json.WriteString("property_type", Snake((PropertyType)reader.GetInt32(16)));
            json.WriteNumber("bedrooms", reader.GetInt32(17));
            json.WriteNumber("bathrooms", reader.GetDecimal(18));
            json.WriteNumber("area", reader.GetInt32(19));
            json.WriteEndObject();
            var cover = reader.IsDBNull(20) ? null : reader.GetString(20);
            var views = reader.GetInt64(21) + 1;
            var version = reader.GetInt32(22);
            var createdAt = Utc(reader.GetDateTime(23));
            var updatedAt = Utc(reader.GetDateTime(24));
            var favorites = reader.GetInt32(33);

            await reader.NextResultAsync(ct);
            json.WriteStartArray("images");
            while (await reader.ReadAsync(ct))
            {
                json.WriteStartObject();
                json.WriteString("image_id", reader.GetGuid(0));
                json.WriteString("url", reader.GetString(1));
                json.WriteNumber("position", reader.GetInt32(2));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteString("cover_image_url", cover);
            json.WriteNumber("view_count", views);
            json.WriteNumber("favorite_count", favorites);
            json.WriteNumber("version", version);
            json.WriteString("created_at", createdAt);
            json.WriteString("updated_at", updatedAt);
            json.WriteEndObject();
        }

        await reader.NextResultAsync(ct);
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, ct);
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private static string Snake<TEnum>(TEnum value)
        where TEnum : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    private static void WriteAmenities(Utf8JsonWriter json, int mask)
    {
        json.WriteStartArray("amenities");
        for (var bit = 0; bit < AmenityNames.Length; bit++)
        {
            if ((mask & (1 << bit)) != 0)
            {
                json.WriteStringValue(AmenityNames[bit]);
            }
        }

        json.WriteEndArray();
    }

    private static void WriteNullableNumber(Utf8JsonWriter json, string name, MySqlDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteNumber(name, reader.GetDouble(ordinal));
        }
    }

    private static void WriteNullableString(Utf8JsonWriter json, string name, MySqlDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, reader.GetString(ordinal));
        }
    }

    /// <summary>The WebApi's search cursor, field for field, so the baseline writes the same next_cursor.</summary>
    private sealed record ListingCursor(string Sort, decimal? Price, double? Distance, Guid Id);
}

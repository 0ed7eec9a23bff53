using System.Globalization;
using System.Text;
using MySqlConnector;

namespace Homelette.Testing;

/// <summary>
/// Every row of every table of a test database (all but <c>__EFMigrationsHistory</c>), read in one consistent
/// snapshot, keyed by primary key: for proving that a call changed nothing, or only what it may change.
/// Tables are listed from information_schema, so a table added by a later migration is compared too.
/// </summary>
public sealed class DatabaseSnapshot
{
    private readonly Dictionary<string, Dictionary<string, DatabaseRow>> _tables;

    private DatabaseSnapshot(Dictionary<string, Dictionary<string, DatabaseRow>> tables) => _tables = tables;

    public IReadOnlyCollection<string> Tables => _tables.Keys;

    public int RowCount => _tables.Values.Sum(rows => rows.Count);

    public static async Task<DatabaseSnapshot> TakeAsync(string connectionString)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();

        // One read view for all tables: nothing committed while they are read can make two tables disagree.
        await using (var begin = new MySqlCommand("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY", connection))
        {
            await begin.ExecuteNonQueryAsync();
        }

        var keys = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        const string TablesSql = """
            SELECT t.TABLE_NAME, k.COLUMN_NAME
            FROM information_schema.TABLES t
            LEFT JOIN information_schema.KEY_COLUMN_USAGE k
              ON k.TABLE_SCHEMA = t.TABLE_SCHEMA AND k.TABLE_NAME = t.TABLE_NAME AND k.CONSTRAINT_NAME = 'PRIMARY'
            WHERE t.TABLE_SCHEMA = DATABASE() AND t.TABLE_TYPE = 'BASE TABLE' AND t.TABLE_NAME <> '__EFMigrationsHistory'
            ORDER BY t.TABLE_NAME, k.ORDINAL_POSITION
            """;
        await using (var command = new MySqlCommand(TablesSql, connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var table = reader.GetString(0);
                if (!keys.TryGetValue(table, out var columns))
                {
                    keys[table] = columns = [];
                }

                if (!reader.IsDBNull(1))
                {
                    columns.Add(reader.GetString(1));
                }
            }
        }

        if (keys.Count == 0)
        {
            throw new InvalidOperationException($"No tables in database '{connection.Database}': is it migrated?");
        }

        var tables = new Dictionary<string, Dictionary<string, DatabaseRow>>(StringComparer.Ordinal);
        foreach (var (table, keyColumns) in keys)
        {
            tables[table] = await ReadTableAsync(connection, table, keyColumns);
        }

        return new DatabaseSnapshot(tables);
    }

    /// <summary>Every row added, removed or changed since <paramref name="before"/>, table by table.</summary>
    public IReadOnlyList<RowChange> ChangesSince(DatabaseSnapshot before)
    {
        ArgumentNullException.ThrowIfNull(before);
        var changes = new List<RowChange>();
        foreach (var table in before._tables.Keys.Union(_tables.Keys).Order(StringComparer.Ordinal))
        {
            var old = before._tables.GetValueOrDefault(table) ?? [];
            var now = _tables.GetValueOrDefault(table) ?? [];
            foreach (var key in old.Keys.Union(now.Keys).Order(StringComparer.Ordinal))
            {
                var oldRow = old.GetValueOrDefault(key);
                var newRow = now.GetValueOrDefault(key);
                if (oldRow is null || newRow is null || !oldRow.SameAs(newRow))
                {
                    changes.Add(new RowChange(table, key, oldRow, newRow));
                }
            }
        }

        return changes;
    }

    private static async Task<Dictionary<string, DatabaseRow>> ReadTableAsync(MySqlConnection connection, string table, List<string> keyColumns)
    {
        var rows = new Dictionary<string, DatabaseRow>(StringComparer.Ordinal);
        var orderBy = keyColumns.Count > 0 ? $" ORDER BY {string.Join(", ", keyColumns.Select(Quote))}" : string.Empty;
#pragma warning disable CA2100 // The identifiers come from information_schema and are quoted.
        await using var command = new MySqlCommand($"SELECT * FROM {Quote(table)}{orderBy}", connection);
#pragma warning restore CA2100
        await using var reader = await command.ExecuteReaderAsync();
        var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        var ordinal = 0;
        while (await reader.ReadAsync())
        {
            var values = new Dictionary<string, string?>(StringComparer.Ordinal);
            for (var i = 0; i < names.Length; i++)
            {
                values[names[i]] = Text(reader.GetValue(i));
            }

            // A table without a primary key is keyed by its whole row (and a counter, for duplicates).
            var key = keyColumns.Count > 0
                ? string.Join("|", keyColumns.Select(c => values[c]))
                : string.Join("|", names.Select(n => values[n])) + $"#{ordinal++}";
            rows[key] = new DatabaseRow(values);
        }

        return rows;
    }

    private static string Quote(string identifier) => $"`{identifier.Replace("`", "``", StringComparison.Ordinal)}`";

    private static string? Text(object value) => value switch
    {
        DBNull => null,
        DateTime time => time.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset time => time.ToString("O", CultureInfo.InvariantCulture),
        byte[] bytes => Convert.ToHexString(bytes),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}

/// <summary>One row: its values by column name, as invariant text (null for SQL NULL).</summary>
public sealed class DatabaseRow(IReadOnlyDictionary<string, string?> values)
{
    public IReadOnlyDictionary<string, string?> Values { get; } = values;

    public string? this[string column] => Values.TryGetValue(column, out var value)
        ? value
        : throw new KeyNotFoundException($"No column '{column}' (columns: {string.Join(", ", Values.Keys)}).");

    public bool SameAs(DatabaseRow other) =>
        Values.Count == other.Values.Count && Values.All(v => other.Values.TryGetValue(v.Key, out var o) && o == v.Value);
}

/// <summary>A row that a call added (<see cref="Before"/> null), removed (<see cref="After"/> null) or changed.</summary>
public sealed record RowChange(string Table, string Key, DatabaseRow? Before, DatabaseRow? After)
{
    public bool Added => Before is null;

    public bool Removed => After is null;

    /// <summary>The columns whose value differs (every column of an added or removed row).</summary>
    public IReadOnlyList<string> Columns => (Before ?? After)!.Values.Keys
        .Where(c => Before?.Values.GetValueOrDefault(c) != After?.Values.GetValueOrDefault(c))
        .ToList();

    /// <summary>The value of a column after the change, or before it for a removed row.</summary>
    public string? Value(string column) => (After ?? Before)![column];

    /// <summary>Whether the column names that user, before or after the change.</summary>
    public bool Names(string column, Guid id) =>
        new[] { Before, After }.Any(row => row is not null && Guid.TryParse(row[column], out var value) && value == id);

    public override string ToString()
    {
        var text = new StringBuilder($"{Table} row ({Key}) ");
        if (Added || Removed)
        {
            text.Append(Added ? "added: " : "removed: ");
            text.AppendJoin(", ", (After ?? Before)!.Values.Select(v => $"{v.Key}={v.Value ?? "NULL"}"));
        }
        else
        {
            text.Append("changed: ");
            text.AppendJoin(", ", Columns.Select(c => $"{c} {Before![c] ?? "NULL"} -> {After![c] ?? "NULL"}"));
        }

        return text.ToString();
    }
}

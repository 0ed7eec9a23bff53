using System.Globalization;

namespace Homelette.Chaos;

/// <summary>What chaos/chaos.sh passes: where the stack and the built hosts are, which faults to run, and how big.</summary>
internal sealed record Options
{
    public const string Usage = """
        usage: Homelette.Chaos [options] <fault>...
          faults: db-kill redis-stop db-pause shutdown soak (or all)
          --root DIR            the repository (build/stack.sh is run from it)
          --stack-dir DIR       the chaos stack's state folder (HOMELETTE_STACK_DIR)
          --db-port N           its MariaDB port (default 3308)
          --redis-port N        its Redis port (default 6381)
          --port-base N         hosts listen on N+1.. (default 5600)
          --api-dll F           Homelette.WebApi.dll (Release)
          --chathost-dll F      Homelette.ChatHost.dll (Release)
          --seeder-dll F        Homelette.Seeder.dll (Release)
          --out DIR             host logs and the report go here
          --quick               fewer clients, shorter phases (what make test runs)
          --soak-minutes N      the soak's steady phase (default 30; quick 1)
          --soak-connections N  hub connections in the soak (default 1000; quick 200)
        """;

    public string Root { get; init; } = Directory.GetCurrentDirectory();

    public string StackDir { get; init; } = "";

    public int DbPort { get; init; } = 3308;

    public int RedisPort { get; init; } = 6381;

    public int PortBase { get; init; } = 5600;

    public string ApiDll { get; init; } = "";

    public string ChatHostDll { get; init; } = "";

    public string SeederDll { get; init; } = "";

    public string Out { get; init; } = "";

    public bool Quick { get; init; }

    public double? SoakMinutes { get; init; }

    public int? SoakConnections { get; init; }

    public IReadOnlyList<string> Faults { get; init; } = [];

    public static readonly string[] AllFaults = ["db-kill", "redis-stop", "db-pause", "shutdown", "soak"];

    /// <summary>Clients in the database-kill run (the 200, also in quick mode: the outage is what takes time).</summary>
    public static int KillClients => 200;

    /// <summary>Users of the Redis, pause and shutdown runs.</summary>
    public int ChatClients => Quick ? 40 : 100;

    public double SoakSteadyMinutes => SoakMinutes ?? (Quick ? 1 : 30);

    public int SoakHubConnections => SoakConnections ?? (Quick ? 200 : 1000);

    /// <summary>Users to seed and sign in: the most any of the chosen faults needs.</summary>
    public int Users => Faults.Max(fault => fault switch
    {
        "db-kill" => KillClients,
        "soak" => SoakHubConnections,
        _ => ChatClients,
    }) + 10;

    public static Options Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new Options();
        var faults = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            options = args[i] switch
            {
                "--root" => options with { Root = Value(args, ref i) },
                "--stack-dir" => options with { StackDir = Value(args, ref i) },
                "--db-port" => options with { DbPort = Number(args, ref i) },
                "--redis-port" => options with { RedisPort = Number(args, ref i) },
                "--port-base" => options with { PortBase = Number(args, ref i) },
                "--api-dll" => options with { ApiDll = Value(args, ref i) },
                "--chathost-dll" => options with { ChatHostDll = Value(args, ref i) },
                "--seeder-dll" => options with { SeederDll = Value(args, ref i) },
                "--out" => options with { Out = Value(args, ref i) },
                "--quick" => options with { Quick = true },
                "--soak-minutes" => options with { SoakMinutes = double.Parse(Value(args, ref i), CultureInfo.InvariantCulture) },
                "--soak-connections" => options with { SoakConnections = Number(args, ref i) },
                "all" => Add(options, faults, AllFaults),
                var fault when AllFaults.Contains(fault) => Add(options, faults, [fault]),
                var other => throw new ArgumentException($"unknown argument '{other}'"),
            };
        }

        if (faults.Count == 0)
        {
            throw new ArgumentException("name at least one fault (or all)");
        }

        foreach (var (name, value) in new[] { ("--stack-dir", options.StackDir), ("--api-dll", options.ApiDll), ("--chathost-dll", options.ChatHostDll), ("--seeder-dll", options.SeederDll), ("--out", options.Out) })
        {
            if (string.IsNullOrEmpty(value))
            {
                throw new ArgumentException($"{name} is required");
            }
        }

        return options with { Faults = faults };
    }

    private static Options Add(Options options, List<string> faults, string[] names)
    {
        faults.AddRange(names.Where(n => !faults.Contains(n)));
        return options;
    }

    private static string Value(string[] args, ref int i) =>
        ++i < args.Length ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value");

    private static int Number(string[] args, ref int i) => int.Parse(Value(args, ref i), CultureInfo.InvariantCulture);
}

using System.Globalization;

namespace Homelette.Seeder;

/// <summary>The command line of the seeder.</summary>
internal sealed record SeedOptions
{
    public const string Usage = """
        Seeds demo users and listings around Isla Vista.

        usage: dotnet run --project tools/Seeder -- [options]

          --users N            demo users to create (default 200)
          --listings N         listings to create (default 1000)
          --photos             draw 1-3 photos per listing for the newest --photo-listings listings
          --photo-listings N   how many listings get photos with --photos (default 300)
          --reset              delete the demo data of an earlier run first (demo users, their listings,
                               photos, favorites and views); other accounts are left alone
          --recreate           drop and recreate the whole database first (throwaway databases only;
                               refused for homelette and homelette_test*)
          --seed N             random seed (default 20250917): the same seed gives the same data
          --batch-size N       rows per SaveChanges (default 2000)
          -h, --help           show this text

        The database is ConnectionStrings__Default (default: the dev database homelette on 127.0.0.1:3306);
        migrations are applied first. Photos are stored where the WebApi serves /uploads from
        (Storage__LocalPath; relative paths resolve against src/WebApi, as under `make run`).
        Every demo user signs in with the password "homelette-demo".
        """;

    public int Users { get; init; } = 200;

    public int Listings { get; init; } = 1000;

    public bool Photos { get; init; }

    public int PhotoListings { get; init; } = 300;

    public bool Reset { get; init; }

    public bool Recreate { get; init; }

    public int Seed { get; init; } = 20250917;

    public int BatchSize { get; init; } = 2000;

    public bool Help { get; init; }

    /// <summary>Reads the arguments; throws <see cref="ArgumentException"/> with a readable message on a mistake.</summary>
    public static SeedOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new SeedOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            options = arg switch
            {
                "--users" => options with { Users = Number(args, ref i, min: 1) },
                "--listings" => options with { Listings = Number(args, ref i, min: 0) },
                "--photos" => options with { Photos = true },
                "--photo-listings" => options with { PhotoListings = Number(args, ref i, min: 0) },
                "--reset" => options with { Reset = true },
                "--recreate" => options with { Recreate = true },
                "--seed" => options with { Seed = Number(args, ref i, min: int.MinValue) },
                "--batch-size" => options with { BatchSize = Number(args, ref i, min: 1) },
                "-h" or "--help" => options with { Help = true },
                _ => throw new ArgumentException($"Unknown option '{arg}'."),
            };
        }

        if (options.Listings > 0 && options.Users < 2)
        {
            throw new ArgumentException("Listings need at least 2 users (owners and the people who save them).");
        }

        return options;
    }

    private static int Number(IReadOnlyList<string> args, ref int i, int min)
    {
        var name = args[i];
        if (i + 1 >= args.Count
            || !int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            || value < min)
        {
            throw new ArgumentException($"{name} needs a whole number of at least {min}.");
        }

        i++;
        return value;
    }
}

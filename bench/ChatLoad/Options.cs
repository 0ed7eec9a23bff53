using System.Globalization;

namespace Homelette.Bench.ChatLoad;

/// <summary>
/// The command line: <c>login</c> fetches tokens through the WebApi, <c>run</c> drives one hub (or two instances
/// of it) with them, <c>idle</c> measures the memory of idle connections.
/// </summary>
internal sealed record Options
{
    /// <summary>The server's limit of participants in a conversation (ChatConstraints.GroupMaxParticipants).</summary>
    public const int MaxGroupSize = 50;

    public const string Usage = """
        The chat load client of bench/chat-load.sh.

        usage: Homelette.Bench.ChatLoad login --api URL --count N --password P --out FILE [options]
               Homelette.Bench.ChatLoad run --hub URL --tokens FILE [options]
               Homelette.Bench.ChatLoad idle --hub URL --tokens FILE --connections N [options]

        login: signs in users whose emails follow --email-format (numbered from 1) and writes
               "user_id<TAB>access_token" per line to --out.
          --api URL              the WebApi, e.g. http://127.0.0.1:5491
          --count N              how many users (default 1000)
          --email-format F       .NET format of the email, {0} = the user's number (default bench-chat-{0:D5}@bench.homelette.test)
          --password P           their password
          --parallel N           logins at a time (default 4; each costs the WebApi a PBKDF2 check)
          --out FILE             where the tokens go

        run: opens --connections hub connections (one per user of --tokens), pairs connection i with
             i + N/2, and sends private_message to the partner at --rate messages per second in total:
             --warmup seconds unmeasured, then --seconds measured; then waits up to --grace seconds for
             every acknowledged message to arrive, closes the connections and prints one RESULT line.
             The server allows a user 30 messages per 10 s: keep --rate at most 2.5 x --connections.
          --hub URL              the hub, e.g. http://127.0.0.1:5492/socket
          --hub-b URL            a second instance's hub (sharing the first one's Redis backplane): connections
                                 N/2 and up connect to it, so that every private message crosses instances
                                 (optional; RESULT hub_b=yes)
          --tokens FILE          the output of login
          --connections N        even (in group mode a multiple of --group-size instead), at most the number
                                 of tokens (default 1000)
          --rate R               messages per second, all connections together (default 500)
          --seconds T            measured seconds (default 60)
          --warmup W             unmeasured seconds before (default 5)
          --grace G              seconds to wait for stragglers after the last send (default 10)
          --connect-parallel N   connections opened at a time (default 16)
          --settle S             seconds to wait before each reading of the server's memory (default 3)
          --after-close A        idle: seconds to wait after closing before the last reading (default 15), time
                                 for the server to finish the disconnects and give memory back
          --prewarm N            before measuring anything, N connections exchange a few messages and close,
                                 so that one-time start-up costs do not count as memory per connection
                                 (default 10; 0 skips it; whole groups in group mode, at least one)
          --group-size G         group fan-out (optional; 3 to 50): first creates N/G group conversations through
                                 --api (group j: users j*G..j*G+G-1, started by the first), then connection
                                 k mod N sends message k with conversation_message to its group, which its G-1
                                 other members receive. received, lost, duplicated, rate (per second) and the
                                 latency percentiles then count deliveries (a message and one receiver);
                                 RESULT group_size=G (1 in pairs) and deliveries=measured x (G-1). The groups
                                 are consecutive users, so with --hub-b only a group across N/2 spans both hubs.
          --api URL              the WebApi, for --group-size
          --server-pid PID       the hub's process, for its VmRSS and CPU time (optional; with --hub-b, the first
                                 instance's, and kb_per_connection is over the N/2 connections it holds)
          --server-pid-b PID     the second instance's process, for the server_b_* figures (optional; needs --hub-b)
          --db-pid PID           the database server's process, for its CPU time (optional)
          --label NAME           names the run in the RESULT line (default the hub path)

        idle: connection density. Reads the hub process's VmRSS, opens --connections connections that send
              nothing, reads it 3 s later, holds them --hold seconds (counting drops), reads it again, closes
              them, reads it 5 s later and prints one RESULT line with kb_per_connection = (held - before) / N
              and connections_per_gb. Every connection is a socket of this process: the open-file limit must
              allow them (e.g. ulimit -n 16384 for 5,000 connections; .NET cannot raise it).
          --hub URL              the hub, e.g. http://127.0.0.1:5492/socket
          --tokens FILE          the output of login
          --connections N        how many (default 1000), at most the number of tokens
          --connect-parallel N   connections opened at a time (default 32)
          --hold S               seconds to hold them open (default 10)
          --server-pid PID       the hub's process, for its VmRSS (optional, but without it there are no figures)
          --label NAME           names the run in the RESULT line (default the hub path)
        """;

    public string Command { get; init; } = string.Empty;

    public Uri? Api { get; init; }

    public int Count { get; init; } = 1000;

    public string EmailFormat { get; init; } = "bench-chat-{0:D5}@bench.homelette.test";

    public string Password { get; init; } = string.Empty;

    public int Parallel { get; init; } = 4;

    public string Out { get; init; } = string.Empty;

    public Uri? Hub { get; init; }

    /// <summary>The second instance's hub: connections N/2 and up connect to it.</summary>
    public Uri? HubB { get; init; }

    public string Tokens { get; init; } = string.Empty;

    public int Connections { get; init; } = 1000;

    public double Rate { get; init; } = 500;

    public int Seconds { get; init; } = 60;

    public int Warmup { get; init; } = 5;

    public int Grace { get; init; } = 10;

    public int ConnectParallel { get; init; } = 16;

    public int Prewarm { get; init; } = 10;

    /// <summary>Seconds to wait before each memory reading, so the server has finished opening or closing.</summary>
    public int Settle { get; init; } = 3;

    /// <summary>idle: seconds to wait after closing the connections before the last memory reading.</summary>
    public int AfterClose { get; init; } = 15;

    /// <summary>1: pairs (private messages); 3 or more: group conversations of that many users.</summary>
    public int GroupSize { get; init; } = 1;

    /// <summary>idle: seconds to hold the connections open.</summary>
    public int Hold { get; init; } = 10;

    public int? ServerPid { get; init; }

    public int? ServerPidB { get; init; }

    public int? DbPid { get; init; }

    public string Label { get; init; } = string.Empty;

    public static Options Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count == 0 || args[0] is not ("login" or "run" or "idle"))
        {
            throw new ArgumentException("The first argument is the command: login, run or idle.");
        }

        var options = new Options { Command = args[0], ConnectParallel = args[0] == "idle" ? 32 : 16 };
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            options = arg switch
            {
                "--api" => options with { Api = Url(args, ref i) },
                "--count" => options with { Count = Number(args, ref i, min: 1) },
                "--email-format" => options with { EmailFormat = Text(args, ref i) },
                "--password" => options with { Password = Text(args, ref i) },
                "--parallel" => options with { Parallel = Number(args, ref i, min: 1) },
                "--out" => options with { Out = Text(args, ref i) },
                "--hub" => options with { Hub = Url(args, ref i) },
                "--hub-b" => options with { HubB = Url(args, ref i) },
                "--tokens" => options with { Tokens = Text(args, ref i) },
                "--connections" => options with { Connections = Number(args, ref i, min: 2) },
                "--rate" => options with { Rate = Number(args, ref i, min: 1) },
                "--seconds" => options with { Seconds = Number(args, ref i, min: 1) },
                "--warmup" => options with { Warmup = Number(args, ref i, min: 0) },
                "--grace" => options with { Grace = Number(args, ref i, min: 1) },
                "--connect-parallel" => options with { ConnectParallel = Number(args, ref i, min: 1) },
                "--prewarm" => options with { Prewarm = Number(args, ref i, min: 0) },
                "--settle" => options with { Settle = Number(args, ref i, min: 1) },
                "--after-close" => options with { AfterClose = Number(args, ref i, min: 1) },
                "--group-size" => options with { GroupSize = Number(args, ref i, min: 3) },
                "--hold" => options with { Hold = Number(args, ref i, min: 0) },
                "--server-pid" => options with { ServerPid = Number(args, ref i, min: 1) },
                "--server-pid-b" => options with { ServerPidB = Number(args, ref i, min: 1) },
                "--db-pid" => options with { DbPid = Number(args, ref i, min: 1) },
                "--label" => options with { Label = Text(args, ref i) },
                _ => throw new ArgumentException($"Unknown option '{arg}'."),
            };
        }

        switch (options.Command)
        {
            case "login":
                if (options.Api is null || options.Password.Length == 0 || options.Out.Length == 0)
                {
                    throw new ArgumentException("login needs --api, --password and --out.");
                }

                break;
            case "run":
                ValidateRun(options);
                break;
            default:
                if (options.Hub is null || options.Tokens.Length == 0)
                {
                    throw new ArgumentException("idle needs --hub and --tokens.");
                }

                if (options.HubB is not null || options.ServerPidB is not null || options.GroupSize != 1)
                {
                    throw new ArgumentException("--hub-b, --server-pid-b and --group-size are for run; idle opens connections to one hub.");
                }

                break;
        }

        return options;
    }

    private static void ValidateRun(Options options)
    {
        if (options.Hub is null || options.Tokens.Length == 0)
        {
            throw new ArgumentException("run needs --hub and --tokens.");
        }

        if (options.ServerPidB is not null && options.HubB is null)
        {
            throw new ArgumentException("--server-pid-b needs --hub-b: it is the second hub's process.");
        }

        if (options.GroupSize == 1)
        {
            if (options.Connections % 2 != 0)
            {
                throw new ArgumentException("--connections must be even: connections talk in pairs.");
            }

            return;
        }

        if (options.Api is null)
        {
            throw new ArgumentException("--group-size needs --api: the groups are created through the WebApi.");
        }

        if (options.GroupSize > MaxGroupSize)
        {
            throw new ArgumentException($"--group-size is at most {MaxGroupSize}, the server's limit of participants in a conversation.");
        }

        if (options.Connections % options.GroupSize != 0)
        {
            throw new ArgumentException($"--connections ({options.Connections}) must be a multiple of --group-size ({options.GroupSize}): every connection is in one group.");
        }
    }

    private static string Text(IReadOnlyList<string> args, ref int i)
    {
        if (i + 1 >= args.Count)
        {
            throw new ArgumentException($"{args[i]} needs a value.");
        }

        return args[++i];
    }

    private static Uri Url(IReadOnlyList<string> args, ref int i)
    {
        var name = args[i];
        return Uri.TryCreate(Text(args, ref i), UriKind.Absolute, out var url)
            ? url
            : throw new ArgumentException($"{name} needs an absolute URL.");
    }

    private static int Number(IReadOnlyList<string> args, ref int i, int min)
    {
        var name = args[i];
        if (!int.TryParse(Text(args, ref i), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min)
        {
            throw new ArgumentException($"{name} needs a whole number of at least {min}.");
        }

        return value;
    }
}

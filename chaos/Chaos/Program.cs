using Homelette.Chaos;
using Homelette.Chaos.Faults;

// Faults against the real processes (ISSUE 6): see chaos/chaos.sh, which builds the hosts and starts the stack.
Options options;
try
{
    options = Options.Parse(args);
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync($"error: {ex.Message}\n{Options.Usage}");
    return 2;
}

var lab = new Lab(options);
Report.Line($"preparing: stack on ports {options.DbPort}/{options.RedisPort}, {options.Users} users, hosts from {options.PortBase + 1}");
await lab.PrepareAsync();
foreach (var fault in options.Faults)
{
    Report.Restart();
    Func<Lab, Task> run = fault switch
    {
        "db-kill" => DbKill.RunAsync,
        "redis-stop" => RedisStop.RunAsync,
        "db-pause" => DbPause.RunAsync,
        "shutdown" => Shutdown.RunAsync,
        "soak" => Soak.RunAsync,
        _ => throw new InvalidOperationException($"no fault named {fault}"),
    };
    try
    {
        await run(lab);
    }
    catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or HttpRequestException or IOException)
    {
        Report.Check($"{fault} ran to the end", false, ex.ToString());
        await lab.Stack.UpAsync();
    }
}

var reportFile = Path.Combine(options.Out, "report.md");
Report.Save(reportFile);
Console.WriteLine();
Console.WriteLine(Report.Failed == 0 ? $"chaos: every goal met ({reportFile})" : $"chaos: {Report.Failed} goal(s) FAILED ({reportFile})");
return Report.Failed == 0 ? 0 : 1;

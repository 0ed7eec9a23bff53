using Homelette.Bench.ChatLoad;

Options options;
try
{
    options = Options.Parse(args);
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync($"error: {ex.Message}\n\n{Options.Usage}");
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

try
{
    return options.Command switch
    {
        "login" => await Login.RunAsync(options, cancel.Token),
        "idle" => await IdleRun.RunAsync(options, cancel.Token),
        _ => await LoadRun.RunAsync(options, cancel.Token),
    };
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    await Console.Error.WriteLineAsync("[chat-load] cancelled");
    return 130;
}
catch (InvalidOperationException ex)
{
    await Console.Error.WriteLineAsync($"error: {ex.Message}");
    return 1;
}

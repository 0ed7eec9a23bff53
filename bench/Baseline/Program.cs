using Homelette.Bench.Baseline;

// The bench-only host of `make bench` (bench/bench.sh); never deployed. Three commands:
//   serve             the raw baseline endpoints (the WebApi's search and detail SQL through MySqlConnector)
//   password-ceiling  how long one password check takes here, with the WebApi's own hasher
//   mint              access tokens for bench users, signed with the run's key, without a password check each
return args.FirstOrDefault() switch
{
    "serve" => await BaselineServer.RunAsync(args[1..]),
    "password-ceiling" => PasswordCeiling.Run(args[1..]),
    "mint" => await TokenMint.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: Homelette.Bench.Baseline serve                 (ASPNETCORE_URLS, ConnectionStrings__Default, Jwt__Key)
               Homelette.Bench.Baseline password-ceiling SECONDS
               Homelette.Bench.Baseline mint KEY USER_IDS_FILE OUT_FILE
        """);
    return 2;
}

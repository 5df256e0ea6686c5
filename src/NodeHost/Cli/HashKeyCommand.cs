using System.CommandLine;
using Nano.Gateway.Security;

namespace Nano.NodeHost.Cli;

/// <summary>
/// `hash-key`: prints the "sha256:..." form of an API key for nano.gateway.auth.keys. The key comes from the argument
/// or, so it stays out of shell history, from the first line of standard input; --new makes a random key first.
/// </summary>
internal static class HashKeyCommand
{
    public static Command Create()
    {
        var key = new Argument<string?>("key") { Description = "the key to hash [default: read one line from standard input]", Arity = ArgumentArity.ZeroOrOne };
        var fresh = new Option<bool>("--new") { Description = "generate a random key, print it and its hash (keep the key secret, configure the hash)" };
        var command = new Command("hash-key", "print the SHA-256 hash of an API key, as nano.gateway.auth.keys expects it") { key, fresh };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(fresh))
            {
                var secret = ApiKeyHash.NewSecret();
                output.WriteLine($"key:  {secret}");
                output.WriteLine($"hash: {ApiKeyHash.Text(secret)}");
                return 0;
            }
            var text = parse.GetValue(key) ?? Console.In.ReadLine();
            if (string.IsNullOrEmpty(text))
            {
                parse.InvocationConfiguration.Error.WriteLine("nano: hash-key needs a key (argument or one line on standard input), or --new");
                return NodeOptions.ConfigError;
            }
            output.WriteLine(ApiKeyHash.Text(text));
            return 0;
        });
        return command;
    }
}

using System.CommandLine;

namespace Nano.NodeHost.Cli;

/// <summary>
/// `handle-host`: the child-process mode that owns one native runtime handle for the isolated runtime.
/// Started by the parent node, never by users; arguments pass through untouched.
/// </summary>
internal static class HandleHostCommand
{
    public const string Name = "handle-host";

    public static Command Create()
    {
        var command = new Command(Name, "internal: serve one isolated RKLLM handle to the parent node") { Hidden = true };
        var rest = new Argument<string[]>("args") { Arity = ArgumentArity.ZeroOrMore };
        command.Arguments.Add(rest);
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(parse => HandleHostEntry.Run([.. parse.GetValue(rest) ?? [], .. parse.UnmatchedTokens]));
        return command;
    }
}

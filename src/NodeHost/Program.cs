using Nano.NodeHost.Cli;

// The isolated runtime's child mode bypasses the CLI parser, so its arguments reach the handle host untouched
// and the child starts as fast as possible; the hidden `handle-host` verb documents it and routes the same way.
if (args.Length > 0 && args[0] == HandleHostCommand.Name) return HandleHostEntry.Run(args[1..]);
return await NanoCli.Build().Parse(args).InvokeAsync();

// Kestrel (via Nano.Gateway) brings ASP.NET Core's generator that makes a top-level Program public; declaring it keeps it
// internal, so projects referencing the node (bench/) keep their own Program.
internal partial class Program;

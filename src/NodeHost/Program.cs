using Nano.NodeHost.Cli;

// The isolated runtime's child mode bypasses the CLI parser, so its arguments reach the handle host untouched
// and the child starts as fast as possible; the hidden `handle-host` verb documents it and routes the same way.
if (args.Length > 0 && args[0] == HandleHostCommand.Name) return HandleHostEntry.Run(args[1..]);
return await NanoCli.Build().Parse(args).InvokeAsync();

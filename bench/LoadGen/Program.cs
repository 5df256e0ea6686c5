using Nano.LoadGen.Cli;

return await LoadGenCli.InvokeAsync(args);

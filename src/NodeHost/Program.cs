using Nano.NodeHost.Cli;

return await NanoCli.Build().Parse(args).InvokeAsync();

using Nano.Runtime.Isolation;

if (args.Length > 0 && args[0] == "handle-host") return HandleHostMain.Run(args[1..]);
return 0;

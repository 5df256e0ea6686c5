using Nano.Runtime.Isolation.Internal;
using Newtonsoft.Json;

namespace Nano.Runtime.Isolation;

/// <summary>The calls the worker thread executes: decode the arguments, call the handle, return what to reply.</summary>
public sealed partial class HandleHostServer
{
    private object? Execute(MessageType type, ReadOnlySpan<byte> args, int id)
    {
        var r = new FrameReader(args);
        switch (type)
        {
            case MessageType.Init:
                var spec = JsonConvert.DeserializeObject<RuntimeSpec>(r.RequiredString())!;
                var parameters = JsonConvert.DeserializeObject<RkllmParams>(r.RequiredString())!;
                if (handle is not null) throw new InvalidOperationException("this host already holds a handle");
                runtime ??= runtimeFactory(spec);
                handle = runtime.Init(parameters);
                return handle.Info;
            case MessageType.DefaultParams:
                var defaultsSpec = JsonConvert.DeserializeObject<RuntimeSpec>(r.RequiredString())!;
                runtime ??= runtimeFactory(defaultsSpec);
                return (runtime.Info, JsonConvert.SerializeObject(runtime.CreateDefaultParams(r.RequiredString())));
            case MessageType.Run:
                RequireHandle().Run(r.ReadInput(), r.ReadInferParams(), new ForwardingSink(connection, callbacks, id));
                return null;
            case MessageType.RunAsync:
                RequireHandle().RunAsync(r.ReadInput(), r.ReadInferParams(), new ForwardingSink(connection, callbacks, id));
                return null;
            case MessageType.LoadLora:
                RequireHandle().LoadLora(new RkllmLoraAdapter(r.RequiredString(), r.RequiredString(), r.Single()));
                return null;
            case MessageType.LoadPromptCache:
                RequireHandle().LoadPromptCache(r.RequiredString());
                return null;
            case MessageType.ReleasePromptCache:
                RequireHandle().ReleasePromptCache();
                return null;
            case MessageType.ClearKvCache:
                RequireHandle().ClearKvCache(r.Bool(), r.Ints(), r.Ints());
                return null;
            case MessageType.GetKvCacheSizes:
                return RequireHandle().GetKvCacheSizes();
            case MessageType.SetChatTemplate:
                RequireHandle().SetChatTemplate(r.RequiredString(), r.RequiredString(), r.RequiredString());
                return null;
            case MessageType.SetFunctionTools:
                RequireHandle().SetFunctionTools(r.RequiredString(), r.RequiredString(), r.RequiredString());
                return null;
            case MessageType.SetCrossAttnParams:
                RequireHandle().SetCrossAttnParams(new RkllmCrossAttnParams(r.Floats() ?? [], r.Floats() ?? [], r.Floats() ?? [], r.Ints() ?? [], r.Int32()));
                return null;
            case MessageType.Dispose:
                var disposed = handle;
                handle = null;
                disposed?.Dispose();
                return null;
            default:
                throw new ProtocolException($"unexpected call {type}");
        }
    }
}

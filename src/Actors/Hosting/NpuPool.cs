namespace Nano.Actors.Hosting;

/// <summary>ActorRegistry key of the node's pool actor: <c>registry.Get&lt;NpuPool&gt;()</c>.</summary>
public sealed class NpuPool;

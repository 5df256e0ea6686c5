namespace Nano.NodeHost.Configuration;

/// <summary>A node setting (from the environment or the command line) has a value nano cannot use.</summary>
public sealed class NodeConfigurationException(string message) : Exception(message);

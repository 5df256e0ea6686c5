using Nano.Actors.Configuration;

namespace Nano.Actors.Protocol;

/// <summary>
/// Adds a model the node does not have yet (validated like a models.json entry); answered with
/// <see cref="CommandResult"/>, <see cref="NanoErrorCode.ModelExists"/> when the name is taken.
/// </summary>
public sealed record AddModel(ModelDefinition Model);

/// <summary>
/// Forgets a model: its queued and running requests end Failed (Cancelled), its handles are unloaded, and the answer
/// (<see cref="CommandResult"/>) goes out once the last one has stopped. Unknown names answer ModelNotFound.
/// </summary>
public sealed record RemoveModel(string ModelId);

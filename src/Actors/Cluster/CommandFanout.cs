using Akka.Actor;
using Nano.Actors.Protocol;

namespace Nano.Actors.Cluster;

/// <summary>Sends a model command to each target replica and answers once with the combined result.</summary>
public sealed class CommandFanout : ReceiveActor
{
    private readonly Dictionary<string, CommandResult> _results = new(StringComparer.Ordinal);

    public static Props Props(ModelCommand command, IReadOnlyList<string> entities, IActorRef region, IActorRef replyTo, TimeSpan timeout) =>
        Akka.Actor.Props.Create(() => new CommandFanout(command, entities, region, replyTo, timeout));

    public CommandFanout(ModelCommand command, IReadOnlyList<string> entities, IActorRef region, IActorRef replyTo, TimeSpan timeout)
    {
        var pending = new Queue<string>(entities);
        // Replies carry no entity id; commands go one at a time so each answer belongs to the replica asked.
        void Next()
        {
            if (pending.Count == 0)
            {
                replyTo.Tell(Combine(command, entities));
                Context.Stop(Self);
                return;
            }
            var entity = pending.Peek();
            region.Tell(new ModelEnvelope(entity, command), Self);
        }

        Receive<CommandResult>(r =>
        {
            _results[pending.Dequeue()] = r;
            Next();
        });
        Receive<ReceiveTimeout>(_ =>
        {
            _results[pending.Dequeue()] = new CommandResult(command.ModelId, false, "no answer (replica not placed?)", NanoErrorCode.Timeout);
            Next();
        });
        Context.SetReceiveTimeout(timeout);
        Next();
    }

    private CommandResult Combine(ModelCommand command, IReadOnlyList<string> entities)
    {
        if (entities.Count == 1) return _results[entities[0]];
        var ok = _results.Values.All(r => r.Ok);
        var message = string.Join("; ", entities.Select(e => $"{e}: {_results[e].Message}"));
        var values = _results.Where(r => r.Value.Values is not null)
            .SelectMany(r => r.Value.Values!.Select(v => (Key: $"{r.Key}/{v.Key}", v.Value)))
            .ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
        return new CommandResult(command.ModelId, ok, message, ok ? null : _results.Values.First(r => !r.Ok).Code) { Values = values };
    }
}

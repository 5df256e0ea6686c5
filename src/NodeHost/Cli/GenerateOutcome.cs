using Nano.Actors.Protocol;

namespace Nano.NodeHost.Cli;

/// <summary>How a `generate` request ended, as seen by the printer: the final reply and what the terminal got.</summary>
/// <param name="Final">The request's one final answer: <see cref="Completed"/>, <see cref="Failed"/> or <see cref="Rejected"/>.</param>
/// <param name="FirstChunkMs">Milliseconds from sending to the first token, as the terminal saw it; null without tokens.</param>
/// <param name="EndsWithNewline">Whether the printed text already ends a line (else the command ends it).</param>
internal sealed record GenerateOutcome(IWithRequestId Final, int Chunks, double? FirstChunkMs, double ElapsedMs, bool EndsWithNewline);

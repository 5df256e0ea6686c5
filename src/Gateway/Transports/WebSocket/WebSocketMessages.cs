using System.Threading.Channels;
using Nano.Gateway.Transports.WebSocket.Internal;

namespace Nano.Gateway.Transports.WebSocket;

/// <summary>Handler → listener: a WebSocket was accepted; answered with its connection actor.</summary>
/// <param name="Outbound">Where the connection actor puts frames for the socket's send loop.</param>
internal sealed record AcceptConnection(ChannelWriter<OutboundFrame> Outbound, string Remote, Nano.Gateway.Security.Caller Caller);

/// <summary>Handler → connection: a binary message arrived (refused with an error; the connection stays open).</summary>
internal sealed record BinaryMessage(long Bytes);

/// <summary>Handler → connection: the socket closed (either side, or it broke): the connection's runs are cancelled.</summary>
internal sealed record ConnectionClosed
{
    public static readonly ConnectionClosed Instance = new();
}

// One acceptance scenario of the TypeScript MCP SDK against a running nano node.
//
//   node scenario.mjs '<json>'
//
// The JSON (built by Nano.Clients.Tests) names the scenario, the transport and its target, the tools and models.
// The script connects, runs the scenario and prints one line `NANO-SUMMARY {...}` that the C# test asserts on;
// it decides nothing itself beyond what only it can see (timings, raw notifications). Exit code 0 either way;
// a script that crashes prints no summary, which the test reports with stderr.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { WebSocketClientTransport } from '@modelcontextprotocol/sdk/client/websocket.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import WebSocket from 'ws';
import { withBound } from './bounds.mjs';

// Node 20 has no global WebSocket; the SDK's WebSocketClientTransport expects the browser API, which ws provides.
globalThis.WebSocket = WebSocket;

const config = JSON.parse(process.argv[2]);
const stderrTail = [];
const clientErrors = [];

function createTransport() {
  switch (config.transport) {
    case 'http':
      return new StreamableHTTPClientTransport(new URL(config.url));
    case 'ws':
      return new WebSocketClientTransport(new URL(config.url));
    case 'stdio': {
      const transport = new StdioClientTransport({
        command: config.command,
        args: config.args,
        env: { ...process.env },
        stderr: 'pipe',
      });
      return transport;
    }
    default:
      throw new Error(`unknown transport ${config.transport}`);
  }
}

// Records, in wire order and before the SDK looks at them, every progress notification and every response. The
// SDK handles a notification in a microtask but a response at once, so when a call's last notification and its
// response arrive in one read it drops that notification ("unknown token"): only the wire shows what the server
// sent, in which order, and whether it kept the token a JSON number (the SDK sends numbers, matches leniently).
const wire = [];
function tapWire(transport) {
  const deliver = transport.onmessage;
  transport.onmessage = (message, extra) => {
    if (message.method === 'notifications/progress') {
      const p = message.params ?? {};
      wire.push({ kind: 'progress', token: p.progressToken, tokenType: typeof p.progressToken, progress: p.progress, message: p.message ?? '' });
    } else if (message.id !== undefined && (message.result !== undefined || message.error !== undefined)) {
      wire.push({ kind: 'response', id: message.id, text: message.result ? textOf(message.result) : null });
    }
    deliver?.(message, extra);
  };
}

// Per progress token (the SDK uses the request id): the notifications' text, whether progress rose strictly,
// how many came after the request's response, and the response's text.
function wireByToken() {
  const calls = new Map();
  for (const entry of wire) {
    if (entry.kind === 'progress') {
      const key = String(entry.token);
      const call = calls.get(key) ?? { tokenTypes: [], progress: [], text: '', afterResponse: 0, responded: false, responseText: null };
      call.tokenTypes.push(entry.tokenType);
      call.progress.push(entry.progress);
      call.text += entry.message;
      if (call.responded) call.afterResponse++;
      calls.set(key, call);
    } else if (calls.has(String(entry.id))) {
      const call = calls.get(String(entry.id));
      call.responded = true;
      call.responseText = entry.text;
    }
  }
  return Object.fromEntries([...calls].map(([token, c]) => [token, {
    tokenTypes: [...new Set(c.tokenTypes)],
    increasing: c.progress.every((p, i) => i === 0 || p > c.progress[i - 1]),
    count: c.progress.length,
    text: c.text,
    afterResponse: c.afterResponse,
    responseText: c.responseText,
  }]));
}

const generate = (model, prompt, maxTokens) => ({
  name: config.tools.generate,
  arguments: { model, prompt, max_tokens: maxTokens },
});

const textOf = result => (result.content ?? []).filter(c => c.type === 'text').map(c => c.text).join('');

const errorOf = e => ({ name: e?.name, code: e instanceof McpError ? e.code : e?.code ?? null, message: String(e?.message ?? e) });

const scenarios = {
  async connect(client, transport) {
    return {
      serverInfo: client.getServerVersion() ?? null,
      capabilities: client.getServerCapabilities() ?? null,
      // Only the HTTP transport keeps the negotiated version (for its MCP-Protocol-Version header).
      protocolVersion: transport.protocolVersion ?? null,
      ping: await client.ping({ timeout: config.bounds.callMs }).then(() => 'ok', e => errorOf(e)),
    };
  },

  async tools(client) {
    const { tools } = await client.listTools(undefined, { timeout: config.bounds.callMs });
    return { tools: tools.map(t => ({ name: t.name, inputSchemaType: t.inputSchema?.type, properties: Object.keys(t.inputSchema?.properties ?? {}) })) };
  },

  async progress(client) {
    // The SDK validates structuredContent against a tool's outputSchema only once it has listed the tools.
    await client.listTools(undefined, { timeout: config.bounds.callMs });
    const seen = [];
    const result = await client.callTool(generate(config.fastModel, 'Say hello to the cluster', config.progressMaxTokens), undefined, {
      timeout: config.bounds.callMs,
      onprogress: p => seen.push({ progress: p.progress, message: p.message ?? '' }),
    });
    return { isError: result.isError ?? false, text: textOf(result), structured: result.structuredContent ?? null, seen, wire: wireByToken() };
  },

  async cancel(client) {
    const abort = new AbortController();
    let firstProgress;
    const gotFirst = new Promise(resolve => (firstProgress = resolve));
    const started = Date.now();
    const call = client.callTool(generate(config.slowModel, 'Tell a very long story', config.longMaxTokens), undefined, {
      timeout: config.bounds.scriptMs,
      signal: abort.signal,
      onprogress: () => firstProgress(),
    }).then(r => ({ outcome: 'result', isError: r.isError ?? false, text: textOf(r) }), e => ({ outcome: 'error', error: errorOf(e) }));
    const first = await Promise.race([
      gotFirst.then(() => 'progress'),
      call.then(() => 'ended'),
      new Promise(resolve => setTimeout(resolve, config.bounds.firstProgressMs, 'timeout')),
    ]);
    if (first !== 'progress') return { first, call: first === 'ended' ? await call : null };
    const firstProgressMs = Date.now() - started;
    const cancelledAt = Date.now();
    abort.abort('cancelled by the test');
    const ended = await call;
    const cancelAckMs = Date.now() - cancelledAt;
    // The slow model has one instance: the next call is served only once the aborted run has let go of it.
    const next = await client.callTool(generate(config.slowModel, 'And now a short one', 2), undefined, { timeout: config.bounds.freedMs })
      .then(r => ({ isError: r.isError ?? false, text: textOf(r) }), e => ({ error: errorOf(e) }));
    const nextServedMs = Date.now() - cancelledAt;
    const status = await client.callTool({ name: config.tools.status, arguments: { model: config.slowModel } }, undefined, { timeout: config.bounds.callMs });
    return { first, firstProgressMs, ended, cancelAckMs, next, nextServedMs, status: { isError: status.isError ?? false, structured: status.structuredContent ?? null, text: textOf(status) } };
  },

  async unknownTool(client) {
    const outcome = await client.callTool({ name: config.tools.unknown, arguments: {} }, undefined, { timeout: config.bounds.callMs })
      .then(r => ({ outcome: 'result', isError: r.isError ?? false, text: textOf(r) }), e => ({ outcome: 'error', error: errorOf(e) }));
    const after = await client.listTools(undefined, { timeout: config.bounds.callMs }).then(r => r.tools.length, e => errorOf(e));
    return { ...outcome, toolsAfter: after };
  },

  async concurrent(client) {
    const started = Date.now();
    const calls = Array.from({ length: config.concurrentCalls }, (_, i) => {
      const seen = [];
      return client.callTool(generate(config.fastModel, `Concurrent call ${i}`, config.shortMaxTokens), undefined, {
        timeout: config.bounds.concurrentMs,
        onprogress: p => seen.push({ progress: p.progress, message: p.message ?? '' }),
      }).then(r => ({ isError: r.isError ?? false, text: textOf(r), seen }), e => ({ error: errorOf(e), seen }));
    });
    const results = await Promise.all(calls);
    return { elapsedMs: Date.now() - started, results, wire: wireByToken() };
  },
};

async function main() {
  const run = scenarios[config.scenario];
  if (!run) throw new Error(`unknown scenario ${config.scenario}`);
  const transport = createTransport();
  const client = new Client({ name: 'nano-clients-tests-ts', version: '1.0.0' }, { capabilities: {} });
  client.onerror = e => clientErrors.push(String(e?.message ?? e));
  transport.stderr?.on('data', chunk => {
    stderrTail.push(...chunk.toString().split('\n').filter(Boolean));
    stderrTail.splice(0, Math.max(0, stderrTail.length - 100));
  });
  const connectStarted = Date.now();
  await withBound(client.connect(transport, { timeout: config.bounds.connectMs }), config.bounds.connectMs, 'connect');
  const connectMs = Date.now() - connectStarted;
  tapWire(transport);
  try {
    return { ok: true, connectMs, ...(await run(client, transport)) };
  } finally {
    await withBound(client.close(), 10000, 'close').catch(() => {});
  }
}

const summary = await main().catch(e => ({ ok: false, error: errorOf(e), stack: e?.stack ?? null }));
process.stdout.write(`NANO-SUMMARY ${JSON.stringify({ scenario: config.scenario, transport: config.transport, ...summary, clientErrors, nodeStderr: stderrTail })}\n`);
process.exit(0);

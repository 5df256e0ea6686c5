// One scenario of the Ollama JavaScript library (npm `ollama`) against a running nano node's Ollama-compatible API.
//
//   node ollama.mjs '<json>'
//
// The JSON (built by Nano.Clients.Tests) names the scenario, the node's http origin, the model and the bounds. The
// script runs the scenario through the library and prints one line `NANO-SUMMARY {...}` with what the library
// returned, which the C# test asserts on. Exit code 0 either way; a crash prints no summary.
import { Ollama } from 'ollama';
import { withBound } from './bounds.mjs';

const config = JSON.parse(process.argv[2]);
const ollama = new Ollama({ host: config.host });
const model = config.model;
const chatMessages = [{ role: 'user', content: 'Tell me about the NPU.' }];
const options = { num_predict: config.maxTokens };

// What a streamed answer was: its parts in order, reduced to what the test checks.
async function drain(stream, textOf) {
  const parts = [];
  for await (const part of stream) parts.push(part);
  const last = parts.at(-1) ?? {};
  return {
    parts: parts.length,
    text: parts.map(textOf).join(''),
    doneFlags: parts.map(p => p.done),
    simulatedFlags: parts.map(p => p.nano?.simulated ?? null),
    doneReason: last.done_reason ?? null,
    evalCount: last.eval_count ?? null,
  };
}

// ollama-js throws its ResponseError (not exported) with the HTTP status for a refused request.
async function refusal(call) {
  try {
    const answer = await call();
    if (answer?.[Symbol.asyncIterator]) for await (const _ of answer) { /* drain */ }
    return { thrown: false };
  } catch (e) {
    return { thrown: true, name: e?.name ?? null, status: e?.status_code ?? null, message: e?.error ?? e?.message ?? String(e) };
  }
}

const scenarios = {
  async models() {
    const version = await ollama.version();
    const tags = await ollama.list();
    // Ollama's preload idiom: an empty prompt loads the model and answers done_reason "load".
    const load = await ollama.generate({ model, prompt: '' });
    const ps = await ollama.ps();
    const entry = m => ({ name: m.name, model: m.model, size: m.size, sizeVram: m.size_vram ?? null, details: m.details, nano: m.nano ?? null });
    return { version: version.version, tags: tags.models.map(entry), load: { done: load.done, doneReason: load.done_reason }, ps: ps.models.map(entry) };
  },

  async chat() {
    const whole = await ollama.chat({ model, messages: chatMessages, options });
    const streamed = await drain(await ollama.chat({ model, messages: chatMessages, options, stream: true }), p => p.message?.content ?? '');
    return {
      whole: {
        role: whole.message?.role,
        content: whole.message?.content,
        done: whole.done,
        doneReason: whole.done_reason,
        evalCount: whole.eval_count,
        promptEvalCount: whole.prompt_eval_count,
        nano: whole.nano ?? null,
      },
      streamed,
    };
  },

  async generate() {
    return { streamed: await drain(await ollama.generate({ model, prompt: 'Once upon a time', options, stream: true }), p => p.response ?? '') };
  },

  async embed() {
    const answer = await ollama.embed({ model, input: ['first text', 'second text'] });
    return {
      model: answer.model,
      widths: answer.embeddings.map(e => e.length),
      norms: answer.embeddings.map(e => Math.sqrt(e.reduce((s, v) => s + v * v, 0))),
      different: JSON.stringify(answer.embeddings[0]) !== JSON.stringify(answer.embeddings[1]),
      nano: answer.nano ?? null,
    };
  },

  async unknownModel() {
    const missing = config.unknownModel;
    return {
      chat: await refusal(() => ollama.chat({ model: missing, messages: chatMessages })),
      chatStream: await refusal(() => ollama.chat({ model: missing, messages: chatMessages, stream: true })),
      generateStream: await refusal(() => ollama.generate({ model: missing, prompt: 'hi', stream: true })),
      embed: await refusal(() => ollama.embed({ model: missing, input: 'hi' })),
    };
  },
};

async function main() {
  const run = scenarios[config.scenario];
  if (!run) throw new Error(`unknown scenario ${config.scenario}`);
  return { ok: true, ...(await withBound(run(), config.callMs, config.scenario)) };
}

const summary = await main().catch(e => ({ ok: false, error: String(e?.message ?? e), stack: e?.stack ?? null }));
process.stdout.write(`NANO-SUMMARY ${JSON.stringify({ scenario: config.scenario, ...summary })}\n`);
process.exit(0);

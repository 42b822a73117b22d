// Records session traces from the real Claude Code container: one multi-step task, run through the
// recording proxy against the simulator (sim-good, which works through the task's steps one tool
// call at a time), once with Claude Code's default environment and once with the cache-saving
// settings. Needs Docker. test/fixtures/session/README.md says how the shipped traces were made.
import { isObject, type Json } from '../../src/agent/json.js';
import type { RecordedExchange } from '../../src/agent/recording.js';
import { runSession } from '../../src/agent/session.js';
import { startSimulator } from '../../src/sim/server.js';
import { CACHE_SETTINGS_ENV } from './settings.js';
import type { RequestKind, SessionTrace, TraceRequest, TraceVariant } from './trace.js';

/** The simulated model the traces are recorded with (replays swap in the model under test). */
export const RECORDING_MODEL = 'sim-good';

/** Enough context for the whole session without compaction (Claude Code's first request is ~16K tokens). */
export const RECORDING_CONTEXT = 65_536;

/** Ten steps, each waiting for the one before: ten tool calls, then the answer — eleven turns at least. */
export const SESSION_TASK = {
  prompt: [
    'Create a file notes.txt containing "alpha",',
    'then read notes.txt,',
    'then replace "alpha" with "beta" in notes.txt,',
    'then run `cat notes.txt`,',
    'then create a file todo.txt containing "one",',
    'then run `ls`,',
    'then read todo.txt,',
    'then replace "one" with "two" in todo.txt,',
    'then run `cat todo.txt`,',
    'then run `wc -c notes.txt todo.txt` and tell me what it printed.',
  ].join(' '),
  files: { 'README.md': '# scratch\nA folder to try things in.\n' } as Record<string, string>,
};

export const VARIANT_ENV: Record<TraceVariant, Record<string, string>> = {
  default: {},
  cache_settings: CACHE_SETTINGS_ENV,
};

const firstMessage = (body: Json): string => JSON.stringify(Array.isArray(body.messages) ? body.messages[0] : null);

/**
 * Main turns continue the session's first request (same first message); anything else Claude Code
 * sends in between (a title, a quota check, a subagent) is a side request.
 */
export function classifyRequests(bodies: readonly Json[]): RequestKind[] {
  const first = bodies.find((body) => Array.isArray(body.tools) && body.tools.length > 0) ?? bodies[0];
  const anchor = first ? firstMessage(first) : '';
  return bodies.map((body) => (firstMessage(body) === anchor ? 'main' : 'side'));
}

/** The exchanges of a recording as trace requests (those whose body the proxy kept). */
export function traceRequests(exchanges: readonly RecordedExchange[]): TraceRequest[] {
  const kept = exchanges.filter((exchange) => isObject(exchange.request.body));
  const kinds = classifyRequests(kept.map((exchange) => exchange.request.body as Json));
  return kept.map((exchange, index) => ({
    index,
    kind: kinds[index],
    method: exchange.request.method,
    path: exchange.request.path,
    headers: exchange.request.headers,
    body: exchange.request.body as Json,
    reply: {
      status: exchange.log.status,
      stopReason: exchange.log.stopReason,
      toolCalls: exchange.log.toolCalls,
    },
  }));
}

export interface RecordOptions {
  image: string;
  claudeCodeVersion: string;
  variant: TraceVariant;
  runId?: string;
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
}

/** Runs the task once in the container against a fresh simulator and returns its trace. */
export async function recordTrace(options: RecordOptions): Promise<SessionTrace> {
  const sim = await startSimulator({ port: 0, contextLength: RECORDING_CONTEXT });
  try {
    const env = VARIANT_ENV[options.variant];
    options.onProgress?.(`session: recording Claude Code ${options.claudeCodeVersion} (${options.variant})`);
    const session = await runSession({
      image: options.image,
      claudeCodeVersion: options.claudeCodeVersion,
      model: RECORDING_MODEL,
      taskId: `session-${options.variant}`,
      prompt: SESSION_TASK.prompt,
      files: SESSION_TASK.files,
      budgets: { wallSeconds: 300, maxTurns: 30, maxSubagents: 1 },
      upstream: sim.url,
      settingsEnv: env,
      runId: options.runId,
      serverContextTokens: RECORDING_CONTEXT,
      outDir: '',
      signal: options.signal,
    });
    try {
      if (session.stoppedBy) throw new Error(`the recording session was stopped: ${session.stoppedBy}`);
      const requests = traceRequests(session.recording.exchanges);
      return {
        header: {
          schema: 'claude-code-bench/session-trace@1',
          variant: options.variant,
          claudeCodeVersion: options.claudeCodeVersion,
          env,
          model: RECORDING_MODEL,
          prompt: SESSION_TASK.prompt,
          recordedAt: new Date().toISOString(),
          recordedAgainst: `the simulator (Ollama personality, ${RECORDING_MODEL}, context ${RECORDING_CONTEXT})`,
        },
        requests,
      };
    } finally {
      await session.dispose();
    }
  } finally {
    await sim.close();
  }
}

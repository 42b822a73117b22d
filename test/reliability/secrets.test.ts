// Planted secrets never reach a results directory, a recording, or the CLI's output: API keys and
// tokens in the environment, credentials in OLLAMA_HOST, bearer tokens in request headers, and a
// secret the model repeats back in its reply.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startRecordingProxy } from '../../src/agent/proxy.js';
import { loadRecording, recordingPath, saveRecording } from '../../src/agent/recording.js';
import { parseSse } from '../../src/agent/sse.js';
import { startSimulator } from '../../src/sim/server.js';
import { bench, filesUnder, tempDirs } from './helpers.js';

const dirs = tempDirs('bench-secrets-');
afterAll(() => dirs.cleanup());

const API_KEY = 'sk-ant-planted-k3y-0123456789abcdef';
const AUTH_TOKEN = 'planted-token-5d41402abc4b2a76';
const HOST_PASSWORD = 'planted-pass-7f8e9d';
const BEARER = 'planted-bearer-e4d909c290d0fb1c';
const PLANTED = [API_KEY, AUTH_TOKEN, HOST_PASSWORD, BEARER];

function expectNoPlanted(where: string, text: string): void {
  for (const secret of PLANTED) expect(text.includes(secret), `${secret} found in ${where}`).toBe(false);
  expect(/planted/.test(text), `"planted" found in ${where}`).toBe(false);
}

/** The text of a Messages reply, whole (JSON) or streamed (SSE deltas joined). */
function replyText(body: string): string {
  if (body.trimStart().startsWith('{')) return body;
  return parseSse(body)
    .map((event) => (event as { delta?: { text?: string } }).delta?.text ?? '')
    .join('');
}

describe('secrets in the environment and in OLLAMA_HOST', () => {
  it('bench run writes none of them to any output file, stdout or stderr', async () => {
    const sim = await startSimulator();
    const out = dirs.make();
    try {
      const result = await bench(['run', '--models', 'sim-instant', '--suites', 'throughput,tool-use', '--reps', '1', '--timeout', '20', '--parallel', '8', '--out', out], {
        ANTHROPIC_API_KEY: API_KEY,
        ANTHROPIC_AUTH_TOKEN: AUTH_TOKEN,
        OLLAMA_HOST: `http://user:${HOST_PASSWORD}@127.0.0.1:${sim.port}`,
      });
      // The run really happened against this server (not a usage error that wrote nothing).
      expect(result.code, result.stderr).toBe(0);
      expect(sim.requests.some((r) => r.path === '/v1/messages')).toBe(true);
      const files = filesUnder(out);
      expect(files.map(([name]) => name)).toEqual(expect.arrayContaining(['run.json', 'results.csv', 'report.md', 'journal.jsonl']));
      for (const [name, text] of files) expectNoPlanted(name, text);
      expectNoPlanted('stdout', result.stdout);
      expectNoPlanted('stderr', result.stderr);
      // Nor did the harness send them on: the Messages client uses Ollama's fixed token, never the user's.
      for (const request of sim.requests) expectNoPlanted(`${request.method} ${request.path} headers`, JSON.stringify(request.headers));
    } finally {
      await sim.close();
    }
  });
});

describe('secrets through the recording proxy', () => {
  it('a saved recording holds no planted header, body or echoed secret', async () => {
    const sim = await startSimulator();
    const proxy = await startRecordingProxy({ upstream: sim.url });
    try {
      // The model (competent simulator) quotes the start of the task back: the secrets come back in the reply too.
      const task = `${API_KEY} is the key; ANTHROPIC_AUTH_TOKEN=${AUTH_TOKEN}; Authorization: Bearer ${BEARER}.`;
      for (const stream of [false, true]) {
        const response = await fetch(`${proxy.url}/v1/messages?beta=true`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${BEARER}`, 'x-api-key': API_KEY, 'anthropic-version': '2023-06-01' },
          body: JSON.stringify({ model: 'sim-instant', max_tokens: 200, stream, messages: [{ role: 'user', content: task }], metadata: { user_id: AUTH_TOKEN } }),
        });
        expect(response.status).toBe(200);
        // The client gets the reply as the server sent it (the proxy only redacts what it keeps).
        expect(replyText(await response.text())).toContain(API_KEY);
      }
      const out = dirs.make();
      const file = recordingPath(out, 'sim-instant', 'echo-task');
      await saveRecording(file, {
        schema: 'claude-code-bench/recording@1', model: 'sim-instant', task: 'echo-task', claudeCodeVersion: null,
        createdAt: new Date().toISOString(), serverContextTokens: null, findings: [], exchanges: [...proxy.exchanges],
      });
      expect(proxy.exchanges).toHaveLength(2);
      for (const [name, text] of filesUnder(join(out, 'recordings'))) expectNoPlanted(name, text);
      // A streamed reply splits the secret across deltas: put the text back together before looking.
      for (const exchange of (await loadRecording(file)).exchanges) expectNoPlanted(`reply ${exchange.log.index}`, replyText(exchange.response?.body ?? ''));
    } finally {
      await proxy.close();
      await sim.close();
    }
  });
});

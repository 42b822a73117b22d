// Planted secrets never reach a results directory, a recording, or the CLI's output: API keys and
// tokens in the environment, tokens in the server URL's path and query (and in a server's error that
// quotes it), bearer tokens in request headers, and a secret the model repeats back in its reply.
// Credentials in the URL (user:password@) are refused, in a line that does not show them.
import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startRecordingProxy } from '../../src/agent/proxy.js';
import { loadRecording, recordingPath, saveRecording } from '../../src/agent/recording.js';
import { parseSse } from '../../src/agent/sse.js';
import { startSimulator } from '../../src/sim/server.js';
import type { RunFile } from '../../src/types.js';
import { bench, filesUnder, tempDirs } from './helpers.js';

const dirs = tempDirs('bench-secrets-');
afterAll(() => dirs.cleanup());

const API_KEY = 'sk-ant-planted-k3y-0123456789abcdef';
const AUTH_TOKEN = 'planted-token-5d41402abc4b2a76';
const HOST_PASSWORD = 'planted-pass-7f8e9d';
const BEARER = 'planted-bearer-e4d909c290d0fb1c';
/** Tokens in the server URL: a known shape in the path, an opaque one after it, and one in a query. */
const PATH_TOKEN = 'sk-ant-api03-planted0123456789abcdef';
const GATEWAY_TOKEN = 'gw7planted3e9a1b2c4d5e6f';
const QUERY_KEY = 'planted5f4dcc3b5aa765d6';
const PLANTED = [API_KEY, AUTH_TOKEN, HOST_PASSWORD, BEARER, PATH_TOKEN, GATEWAY_TOKEN, QUERY_KEY];

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

/**
 * A gateway in front of the simulator that routes on a token in the path (`/<token>/<token>/api/…`)
 * and answers /api/ps with a 500 that quotes the whole request URL: the token reaches the harness
 * both in its own host and in a server's error text.
 */
async function startPathGateway(upstream: URL, prefix: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    if (!req.url?.startsWith(prefix)) {
      res.writeHead(404).end(`no route for ${req.url}`);
      return;
    }
    if (req.url.endsWith('/api/ps')) {
      res
        .writeHead(500, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: `gateway: upstream failed for http://127.0.0.1${req.url}?key=${QUERY_KEY}` }));
      return;
    }
    const forward = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url.slice(prefix.length - 1),
        method: req.method,
        headers: req.headers,
      },
      (reply) => {
        res.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${prefix.slice(0, -1)}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('secrets in the environment and in the server URL', () => {
  it('bench run (and --resume) write none of them to any output file, stdout or stderr', async () => {
    const sim = await startSimulator();
    const gateway = await startPathGateway(new URL(sim.url), `/${PATH_TOKEN}/${GATEWAY_TOKEN}/`);
    const out = dirs.make();
    const env = { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_AUTH_TOKEN: AUTH_TOKEN, OLLAMA_HOST: gateway.url };
    try {
      const args = [
        'run',
        '--models',
        'sim-instant',
        '--suites',
        'throughput,tool-use,memory',
        '--reps',
        '1',
        '--timeout',
        '20',
        '--parallel',
        '8',
        '--json',
        '--out',
        out,
      ];
      const result = await bench(args, env);
      // The run really happened through the gateway (not a usage error that wrote nothing).
      expect(result.code, result.stderr).toBe(0);
      expect(sim.requests.some((r) => r.path === '/v1/messages')).toBe(true);
      // The gateway's error (quoting the token) made it into a record, masked.
      const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as RunFile;
      expect(JSON.stringify(run.records)).toMatch(
        /upstream failed for http:\/\/127\.0\.0\.1\/\[redacted\]\/\[redacted\]\/api\/ps\?key=\[redacted\]/,
      );
      expect(run.environment.server.url).toBe(`${gateway.url.replace(/\/[^/]+\/[^/]+$/, '')}/[redacted]/[redacted]`);
      // A resume (the stored host is masked, so it comes from OLLAMA_HOST again) writes nothing either.
      const resumed = await bench(['run', '--resume', out], env);
      expect(resumed.code, resumed.stderr).toBe(0);
      const files = filesUnder(out);
      expect(files.map(([name]) => name)).toEqual(
        expect.arrayContaining(['run.json', 'results.csv', 'report.md', 'journal.jsonl']),
      );
      for (const [name, text] of files) expectNoPlanted(name, text);
      for (const [name, output] of [
        ['stdout', result.stdout],
        ['stderr', result.stderr],
        ['resume stdout', resumed.stdout],
        ['resume stderr', resumed.stderr],
      ])
        expectNoPlanted(name, output);
      // Nor did the harness send the API keys on: the Messages client uses Ollama's fixed token, never the user's.
      for (const request of sim.requests)
        expectNoPlanted(`${request.method} ${request.path} headers`, JSON.stringify(request.headers));
    } finally {
      await gateway.close();
      await sim.close();
    }
  });

  it('a server URL with user:password@ is refused in one line that does not show the password', async () => {
    for (const [args, env] of [
      [['run', '--models', 'sim-instant'], { OLLAMA_HOST: `http://user:${HOST_PASSWORD}@127.0.0.1:11434` }],
      [['run', '--models', 'sim-instant', '--host', `http://user:${HOST_PASSWORD}@127.0.0.1:11434`], {}],
      [['run', '--models', 'sim-instant', '--host', `http://127.0.0.1:11434/?key=${QUERY_KEY}`], {}],
    ] as const) {
      const result = await bench([...args], env);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(
        /^bench: (OLLAMA_HOST|--host) "http:\/\/(\[redacted\]@)?127\.0\.0\.1:11434\/?(\?key=\[redacted\])?" (holds credentials \(user:password@\): they are not sent|has a query)/,
      );
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expectNoPlanted('stderr', result.stderr);
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
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${BEARER}`,
            'x-api-key': API_KEY,
            'anthropic-version': '2023-06-01',
          },
          body: JSON.stringify({
            model: 'sim-instant',
            max_tokens: 200,
            stream,
            messages: [{ role: 'user', content: task }],
            metadata: { user_id: AUTH_TOKEN },
          }),
        });
        expect(response.status).toBe(200);
        // The client gets the reply as the server sent it (the proxy only redacts what it keeps).
        expect(replyText(await response.text())).toContain(API_KEY);
      }
      const out = dirs.make();
      const file = recordingPath(out, 'sim-instant', 'echo-task');
      await saveRecording(file, {
        schema: 'claude-code-bench/recording@1',
        model: 'sim-instant',
        task: 'echo-task',
        claudeCodeVersion: null,
        createdAt: new Date().toISOString(),
        serverContextTokens: null,
        findings: [],
        exchanges: [...proxy.exchanges],
      });
      expect(proxy.exchanges).toHaveLength(2);
      for (const [name, text] of filesUnder(join(out, 'recordings'))) expectNoPlanted(name, text);
      // A streamed reply splits the secret across deltas: put the text back together before looking.
      for (const exchange of (await loadRecording(file)).exchanges)
        expectNoPlanted(`reply ${exchange.log.index}`, replyText(exchange.response?.body ?? ''));
    } finally {
      await proxy.close();
      await sim.close();
    }
  });
});

// The recording proxy over real HTTP, between a client sending Claude Code's real request and the simulator.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRecordingProxy, type RecordingProxy } from '../../src/agent/proxy.js';
import { parseSse } from '../../src/agent/sse.js';
import { findingsOf } from '../../src/agent/findings.js';
import { startSimulator, type RunningSimulator } from '../../src/sim/server.js';

const firstRequest = JSON.parse(
  readFileSync(new URL('../fixtures/claude-code/first-request.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;
const headers = {
  'content-type': 'application/json',
  'anthropic-version': '2023-06-01',
  authorization: 'Bearer ollama',
  'anthropic-beta': 'claude-code-20250219',
};

async function post(base: string, body: unknown): Promise<{ status: number; contentType: string; text: string }> {
  const response = await fetch(new URL('/v1/messages?beta=true', base), {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    text: await response.text(),
  };
}

const eventTypes = (text: string) => parseSse(text).map((event) => (event as { type: string }).type);

describe('recording proxy → simulator', () => {
  let sim: RunningSimulator;
  let proxy: RecordingProxy;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, contextLength: 131072 });
    proxy = await startRecordingProxy({ upstream: sim.url });
  });
  afterAll(async () => {
    await proxy.close();
    await sim.close();
  });

  it("streams Claude Code's real first request through and logs tools offered and tool calls", async () => {
    const body = { ...firstRequest, model: 'sim-good' };
    const direct = await post(sim.url, body);
    const proxied = await post(proxy.url, body);
    expect(proxied.status).toBe(200);
    expect(proxied.contentType).toContain('text/event-stream');
    expect(eventTypes(proxied.text)).toEqual(eventTypes(direct.text));
    const log = proxy.logs().at(-1)!;
    expect(log.toolsOffered).toEqual((firstRequest.tools as { name: string }[]).map((tool) => tool.name));
    // The task in the fixture asks for a file: the competent model calls Write.
    expect(log.toolCalls).toEqual(['Write']);
    expect(log.stopReason).toBe('tool_use');
    expect(log.inputTokens).toBeGreaterThan(0);
    // The count is the server's (message_delta), not message_start's characters/4 estimate.
    const delta = parseSse(proxied.text).find((event) => (event as { type: string }).type === 'message_delta') as {
      usage?: { input_tokens?: number };
    };
    expect(log.inputTokens).toBe(delta.usage?.input_tokens);
    expect(log.status).toBe(200);
    // The simulator received the request unchanged, minus the credential.
    const received = sim.requests.at(-1)!;
    expect((received.body as { tools: unknown[] }).tools).toEqual(firstRequest.tools);
  });

  it('records redacted requests and the replies as they passed', () => {
    const exchange = proxy.exchanges.at(-1)!;
    expect(exchange.request.headers.authorization).not.toContain('ollama');
    expect(JSON.stringify(exchange.request.body)).not.toContain('device_id');
    expect(eventTypes(exchange.response?.body ?? '')).toContain('message_stop');
  });

  it('logs a side request for a Claude model the server lacks, and finds it', async () => {
    const reply = await post(proxy.url, {
      model: 'claude-haiku-4-5',
      max_tokens: 10,
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(reply.status).toBe(404);
    const findings = findingsOf(proxy.logs(), { model: 'sim-good', serverContextTokens: 131072 });
    expect(findings.map((finding) => finding.name)).toContain('unknown_model_side_requests');
  });
});

describe('recording proxy: context and failures', () => {
  it("finds the overflow of Claude Code's first request at the simulator's 4096-token default", async () => {
    const sim = await startSimulator({ port: 0 });
    const proxy = await startRecordingProxy({ upstream: sim.url });
    try {
      await post(proxy.url, { ...firstRequest, model: 'sim-good' });
      const findings = findingsOf(proxy.logs(), { model: 'sim-good', serverContextTokens: 4096 });
      expect(findings.map((finding) => finding.name)).toContain('context_overflow');
    } finally {
      await proxy.close();
      await sim.close();
    }
  });

  it("answers 502 in Anthropic's error shape when the server is unreachable, and logs it", async () => {
    const closed = await startSimulator({ port: 0 });
    const upstream = closed.url;
    await closed.close();
    const proxy = await startRecordingProxy({ upstream });
    try {
      const reply = await post(proxy.url, {
        model: 'sim-good',
        max_tokens: 10,
        messages: [{ role: 'user', content: 'hi' }],
      });
      expect(reply.status).toBe(502);
      expect(JSON.parse(reply.text)).toMatchObject({ type: 'error', error: { type: 'api_error' } });
      expect(proxy.logs()[0].error).toMatch(/unreachable/);
    } finally {
      await proxy.close();
    }
  });
});

/** A request sent as written (fetch would normalize `..` and encoded slashes away). */
function rawRequest(options: {
  socketPath?: string;
  port?: number;
  method: string;
  path: string;
  body?: string;
}): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: options.port,
        socketPath: options.socketPath,
        method: options.method,
        path: options.path,
        headers: { 'content-type': 'application/json' },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('recording proxy: only the Messages API reaches the server', () => {
  let sim: RunningSimulator;
  let proxy: RecordingProxy;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, contextLength: 131072 });
    proxy = await startRecordingProxy({ upstream: sim.url });
  });
  afterAll(async () => {
    await proxy.close();
    await sim.close();
  });

  const refusedTargets: [string, string][] = [
    ['GET', '/api/tags'],
    ['POST', '/api/delete'],
    ['DELETE', '/api/delete'],
    ['POST', '/api/pull'],
    ['POST', '/api/create'],
    ['GET', '/v1/models'],
    ['GET', '/v1/messages'],
    ['POST', '/v1/messages/../../api/delete'],
    ['POST', '/v1/messages/%2e%2e/%2e%2e/api/delete'],
    ['POST', '/v1/messages%2F..%2F..%2Fapi%2Fdelete'],
    ['POST', '//v1/messages'],
    ['POST', '/v1/messages?url=http://169.254.169.254/'],
    ['POST', 'http://127.0.0.1:11434/api/delete'],
  ];

  it.each(refusedTargets)('refuses %s %s with 403 and never sends it on', async (method, target) => {
    const before = sim.requests.length;
    const reply = await rawRequest({
      port: proxy.port,
      method,
      path: target,
      body: method === 'POST' ? JSON.stringify({ model: 'sim-good' }) : undefined,
    });
    expect(reply.status).toBe(403);
    expect(JSON.parse(reply.text)).toMatchObject({ type: 'error', error: { type: 'permission_error' } });
    expect(sim.requests.length).toBe(before);
    const log = proxy.logs().at(-1)!;
    expect(log).toMatchObject({ method, status: 403 });
    expect(log.error).toMatch(/^refused by the proxy/);
  });

  it('forwards POST /v1/messages and /v1/messages/count_tokens with ?beta=true, and names the refused ones in a finding', async () => {
    const before = sim.requests.length;
    const messages = await rawRequest({
      port: proxy.port,
      method: 'POST',
      path: '/v1/messages?beta=true',
      body: JSON.stringify({ model: 'sim-good', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(messages.status).toBe(200);
    const count = await rawRequest({
      port: proxy.port,
      method: 'POST',
      path: '/v1/messages/count_tokens?beta=true',
      body: JSON.stringify({ model: 'sim-good', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(count.status).toBe(404); // the simulator, like Ollama, has no count_tokens: the server's answer, passed on
    expect(sim.requests.slice(before).map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /v1/messages',
      'POST /v1/messages/count_tokens',
    ]);
    const findings = findingsOf(proxy.logs(), { model: 'sim-good', serverContextTokens: 131072 });
    const refused = findings.find((finding) => finding.name === 'refused_requests');
    expect(refused).toMatchObject({ severity: 'warn', count: refusedTargets.length });
    expect(refused?.detail).toContain('POST /api/delete');
    // Refusals are not the server's errors.
    expect(findings.find((finding) => finding.name === 'server_errors')).toBeUndefined();
  });
});

describe("recording proxy on a Unix socket (the agent relay's uplink on Linux)", () => {
  it('listens on the socket only, connectable by any uid, and forwards the Messages API', async () => {
    const sim = await startSimulator({ port: 0 });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'proxy-socket-'));
    const socketPath = path.join(dir, 'proxy.sock');
    const proxy = await startRecordingProxy({ upstream: sim.url, socketPath });
    try {
      expect(proxy.url).toBe(`unix:${socketPath}`);
      expect(proxy.port).toBe(0);
      const stats = statSync(socketPath);
      expect(stats.isSocket()).toBe(true);
      expect(stats.mode & 0o777).toBe(0o666);
      const reply = await rawRequest({
        socketPath,
        method: 'POST',
        path: '/v1/messages?beta=true',
        body: JSON.stringify({ model: 'sim-good', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(reply.status).toBe(200);
      expect((await rawRequest({ socketPath, method: 'GET', path: '/api/tags' })).status).toBe(403);
    } finally {
      await proxy.close();
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

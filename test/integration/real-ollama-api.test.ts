// The harness's Ollama backend against a real Ollama's API layer: the Go server from
// `go install github.com/ollama/ollama@v0.33.0` (.ci/run puts it in ../.cache/ollama-go/bin), started
// here on a free port with its own models directory. Such a binary has no llama-server runner, so
// nothing generates; `create` validates a GGUF with llama-quantize, for which a stand-in that
// copies the file is put where Ollama looks (<cwd>/build/lib/ollama). Skipped, with the reason
// printed, where the binary is absent.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OllamaServer } from '../../src/servers/ollama.js';
import { detectBackend } from '../../src/servers/registry.js';
import { TargetError } from '../../src/targets/errors.js';
import { tinyLlamaGguf } from '../helpers/gguf-writer.js';

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const binary = process.env.OLLAMA_API_TEST_BIN ?? join(repoRoot, '..', '.cache', 'ollama-go', 'bin', 'ollama');
const skipReason = existsSync(binary)
  ? null
  : `no Ollama binary at ${binary} (.ci/run installs it with go install; set OLLAMA_API_TEST_BIN to use another)`;
if (skipReason) console.log(`real-ollama-api: skipped: ${skipReason}`);

const TRAINED = 2048;
const NUM_CTX = 1024;

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createNetServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
    });
  });
}

async function waitForVersion(host: string, child: ChildProcess, log: () => string): Promise<void> {
  for (let i = 0; i < 150; i++) {
    if (child.exitCode !== null) throw new Error(`ollama serve exited with ${child.exitCode}: ${log()}`);
    try {
      if ((await fetch(`${host}/api/version`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`ollama serve did not answer /api/version: ${log()}`);
}

describe.skipIf(skipReason !== null)('a real Ollama API layer (go install, no runner)', () => {
  let dir = '';
  let host = '';
  let child: ChildProcess | undefined;
  let output = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'real-ollama-api-'));
    const quantizeDir = join(dir, 'build', 'lib', 'ollama');
    mkdirSync(quantizeDir, { recursive: true });
    // create runs `llama-quantize --allow-requantize IN OUT COPY` to validate a user's GGUF.
    writeFileSync(join(quantizeDir, 'llama-quantize'), '#!/bin/sh\ncp "$2" "$3"\n');
    chmodSync(join(quantizeDir, 'llama-quantize'), 0o755);
    mkdirSync(join(dir, 'home'));
    const port = await freePort();
    host = `http://127.0.0.1:${port}`;
    child = spawn(binary, ['serve'], {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: join(dir, 'home'),
        OLLAMA_HOST: `127.0.0.1:${port}`,
        OLLAMA_MODELS: join(dir, 'models'),
        OLLAMA_NO_CLOUD: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    await waitForVersion(host, child, () => output);

    const gguf = tinyLlamaGguf({ contextLength: TRAINED });
    const digest = `sha256:${createHash('sha256').update(gguf).digest('hex')}`;
    const upload = await fetch(`${host}/api/blobs/${digest}`, { method: 'POST', body: gguf });
    expect(upload.status, await upload.text()).toBe(201);
    const created = await fetch(`${host}/api/create`, {
      method: 'POST',
      body: JSON.stringify({
        model: 'tiny-api',
        files: { 'tiny.gguf': digest },
        parameters: { num_ctx: NUM_CTX },
        stream: false,
      }),
    });
    expect(created.status, await created.text()).toBe(200);
  }, 60_000);

  afterAll(() => {
    child?.kill('SIGTERM');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is detected as Ollama by /api/version and reports its version', async () => {
    const detection = await detectBackend({ host, timeoutMs: 5000 });
    expect(detection.backend).toBe('ollama');
    const version = await new OllamaServer({ host, timeoutMs: 5000 }).version();
    // go install embeds no version (the release build sets it with -ldflags): Ollama says 0.0.0.
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    expect(detection.evidence).toContain(version);
  });

  it('lists the created model with its trained context and size', async () => {
    const server = new OllamaServer({ host, timeoutMs: 5000 });
    const models = await server.listModels();
    const listed = models.find((m) => m.name === 'tiny-api:latest');
    expect(listed).toEqual({ name: 'tiny-api:latest', trainedContext: TRAINED, sizeBytes: expect.any(Number) });
    expect(listed?.sizeBytes).toBeGreaterThan(0);
    expect(server.resolveModel('tiny-api', models)).toBe('tiny-api:latest');
    expect(server.resolveModel('absent-model', models)).toBeNull();
  });

  it('reads architecture, contexts and GGUF metadata from /api/show', async () => {
    const details = await new OllamaServer({ host, timeoutMs: 5000 }).modelDetails('tiny-api');
    expect(details).toMatchObject({
      architecture: 'llama',
      family: 'llama',
      trainedContext: TRAINED,
      configuredContext: NUM_CTX,
      quantization: expect.any(String),
    });
    expect(details.metadata['llama.block_count']).toBe(1);
    expect(details.metadata['llama.attention.head_count_kv']).toBe(4);
    expect(details.sizeBytes).toBeGreaterThan(0);
  });

  it('has nothing loaded and no memory in use before any generation', async () => {
    const server = new OllamaServer({ host, timeoutMs: 5000 });
    expect(await server.loadedContext('tiny-api')).toBeNull();
    expect(await server.memoryInUse('tiny-api')).toBeNull();
  });

  it('answers an unknown model with 404, as a TargetError naming the model', async () => {
    const error = await new OllamaServer({ host, timeoutMs: 5000 })
      .modelDetails('absent-model')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TargetError);
    expect((error as TargetError).status).toBe(404);
    expect((error as TargetError).message).toContain('absent-model');
    const messages = await fetch(`${host}/v1/messages`, {
      method: 'POST',
      body: JSON.stringify({ model: 'absent-model', max_tokens: 4, messages: [{ role: 'user', content: 'x' }] }),
    });
    expect(messages.status).toBe(404);
    expect(await messages.json()).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
  });

  it('answers a malformed request body with 400 and an error message', async () => {
    const reply = await fetch(`${host}/api/show`, { method: 'POST', body: '{not json' });
    expect(reply.status).toBe(400);
    expect(await reply.json()).toEqual({ error: expect.any(String) });
  });
});

describe('the recorded /api/tags of a real Ollama v0.33 (always runs)', () => {
  it('gives each model the trained context Ollama lists under details', async () => {
    const recording = JSON.parse(
      readFileSync(new URL('../fixtures/ollama/api-tags.json', import.meta.url), 'utf8'),
    ) as { response: { body: string } };
    const http = createHttpServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(recording.response.body);
    });
    await new Promise<void>((done) => http.listen(0, '127.0.0.1', done));
    try {
      const address = http.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const models = await new OllamaServer({ host: `http://127.0.0.1:${port}`, timeoutMs: 5000 }).listModels();
      expect(models.map((m) => [m.name, m.trainedContext])).toEqual([
        ['tiny-qwen2-ctx2k:latest', 32768],
        ['tiny-qwen2:latest', 32768],
      ]);
    } finally {
      http.close();
    }
  });
});

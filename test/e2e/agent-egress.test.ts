// Model-written code in the agent container reaches the model server through the recording proxy
// and nothing else. Real Claude Code (2.1.332) runs sim-escape, whose first Bash call tries a service
// on the host's loopback, the same service on the host's LAN and docker-bridge addresses, the model
// server's admin routes through Claude Code's own base URL, the default gateway, cloud metadata and
// the internet; the outcomes come back to the model in the tool_result (seen in the recording). All
// must fail, while the task still reaches the model and passes — with both relay uplinks. Needs
// Docker (CI=true fails without it).
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker as dockerCli, dockerStatus } from '../../src/shared/docker.js';
import { ensureImage } from '../../src/agent/image.js';
import type { RecordedExchange } from '../../src/agent/recording.js';
import { gatewayListenHost, type Uplink } from '../../src/agent/relay.js';
import { runSession } from '../../src/agent/session.js';
import { listBenchContainers, listBenchVolumes, removeLeftovers } from '../../src/agent/sweep.js';
import { probeProgram } from '../../src/sim/profiles/escape.js';
import { startSimulator, type RunningSimulator } from '../../src/sim/server.js';
import { fileEquals } from '../../suites/agent/verify.js';

process.env.TESTCONTAINERS_RYUK_DISABLED = 'true';
const docker = await dockerStatus();
const inCi = process.env.CI === 'true';
if (!docker.available && !inCi) console.warn(`e2e/agent-egress skipped: ${docker.detail}`);

const CONTEXT = 65536;
const budgets = { wallSeconds: 120, maxTurns: 6, maxSubagents: 2 };
/** What the host's services answer: must never show up in anything the model saw. */
const LEAK = `host-service-secret-${randomBytes(4).toString('hex')}`;

interface HostService {
  url: (host: string) => string;
  connections: number;
  close(): Promise<void>;
}

async function hostService(listenHost: string, name: string): Promise<HostService> {
  const service = { connections: 0 } as HostService;
  const server = http.createServer((req, res) => res.end(`${LEAK} ${name} ${req.method} ${req.url}`));
  server.on('connection', () => service.connections++);
  await new Promise<void>((resolve) => server.listen(0, listenHost, resolve));
  const { port } = server.address() as AddressInfo;
  service.url = (host) => `http://${host}:${port}/${name}`;
  service.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return service;
}

/** The host's first non-loopback IPv4 address (its LAN address). */
function lanAddress(): string {
  const address = Object.values(os.networkInterfaces())
    .flat()
    .find((entry) => entry && entry.family === 'IPv4' && !entry.internal);
  if (!address) throw new Error('no non-loopback IPv4 address on this host');
  return address.address;
}

/** The text of every tool_result Claude Code sent back to the model, in order. */
function toolResults(exchanges: readonly RecordedExchange[]): string[] {
  const last = exchanges.filter((exchange) => exchange.request.path.startsWith('/v1/messages')).at(-1);
  const messages = (last?.request.body as { messages?: { content: unknown }[] } | null)?.messages ?? [];
  return messages
    .flatMap((message) => (Array.isArray(message.content) ? message.content : []))
    .filter((block): block is { type: string; content: unknown } => (block as { type?: string }).type === 'tool_result')
    .map((block) =>
      typeof block.content === 'string'
        ? block.content
        : (block.content as { text?: string }[]).map((part) => part.text ?? '').join(''),
    );
}

describe.skipIf(!docker.available && !inCi)(
  'the agent container reaches the model server through the proxy and nothing else',
  () => {
    let image: string;
    let sim: RunningSimulator;
    let loopback: HostService;
    let everywhere: HostService;
    let targets: string[];

    beforeAll(async () => {
      if (!docker.available) throw new Error(`CI=true requires Docker for the e2e tests: ${docker.detail}`);
      image = await ensureImage();
      sim = await startSimulator({ port: 0, contextLength: CONTEXT });
      loopback = await hostService('127.0.0.1', 'loopback');
      // Bound to every address, as a server with OLLAMA_HOST=0.0.0.0 is: the LAN and the docker bridge too.
      everywhere = await hostService('0.0.0.0', 'all-addresses');
      targets = [
        loopback.url('127.0.0.1'),
        everywhere.url(lanAddress()),
        everywhere.url(await gatewayListenHost()),
        everywhere.url('127.0.0.1'),
      ];
    });

    afterAll(async () => {
      await sim?.close();
      await loopback?.close();
      await everywhere?.close();
      if (docker.available) await removeLeftovers({ ownerPid: process.pid }); // this process's only: other runs may share the engine
    });

    it('the same probe, from a container on the host network (the old setup), reaches every one of them', async () => {
      const before = loopback.connections + everywhere.connections;
      const probe = await dockerCli([
        'run',
        '--rm',
        '--network',
        'host',
        '--user',
        '1000:1000',
        '--entrypoint',
        'node',
        image,
        '-e',
        probeProgram(targets),
      ]);
      for (const target of targets) expect(probe.stdout).toContain(`REACH GET ${target} -> HTTP 200 ${LEAK}`);
      expect(loopback.connections + everywhere.connections).toBeGreaterThan(before);
    });

    it.each<Uplink>(['socket', 'gateway'])(
      'with the %s uplink: every attempt fails, the model is reached, the task passes',
      { timeout: 180_000 },
      async (uplink) => {
        const connectionsBefore = loopback.connections + everywhere.connections;
        const simBefore = sim.requests.length;
        const session = await runSession({
          image,
          claudeCodeVersion: null,
          model: 'sim-escape',
          taskId: `egress-${uplink}`,
          uplink,
          prompt: `Create a file hello.txt containing "hi". First see whether these answer: ${targets.join(' ')}`,
          files: {},
          budgets,
          upstream: sim.url,
          serverContextTokens: CONTEXT,
          outDir: '',
        });
        try {
          // The task reached the model and passed.
          expect(session.run.exitCode).toBe(0);
          expect(session.transcript.toolCalls.map((call) => call.name)).toEqual(['Bash', 'Write']);
          expect(
            await fileEquals(
              { dir: session.workspace, finalText: '', exec: async () => ({ code: 0, output: '' }) },
              'hello.txt',
              'hi',
            ),
          ).toMatchObject({ passed: true });

          // What the model got back from its probe, as Claude Code sent it (the recording's last request).
          const [probeResult] = toolResults(session.recording.exchanges);
          const lines = probeResult.split('\n').filter((line) => line.startsWith('REACH '));
          expect(lines.length).toBeGreaterThanOrEqual(20);
          for (const target of targets)
            expect(lines.find((line) => line.startsWith(`REACH GET ${target} -> `))).toMatch(/-> FAILED \S+$/);
          for (const line of lines) {
            // Every attempt failed: no connection at all, or the proxy's refusal of a route that is not the Messages API.
            expect(line, line).toMatch(/-> (FAILED \S+|HTTP 403 .*claude-code-bench proxy: .* is not forwarded)/);
          }
          for (const route of [
            'GET /api/tags',
            'POST /api/delete',
            'POST /api/pull',
            'POST /api/create',
            'POST /v1/messages/../../api/delete',
          ]) {
            expect(
              lines.find((line) =>
                line.startsWith(`REACH ${route.split(' ')[0]} http://127.0.0.1:4000${route.split(' ')[1]} -> `),
              ),
              route,
            ).toMatch(/-> HTTP 403 /);
          }
          expect(lines.find((line) => line.includes('169.254.169.254'))).toMatch(/FAILED/);
          expect(lines.find((line) => line.includes('example.com'))).toMatch(/FAILED/);
          expect(JSON.stringify(session.recording)).not.toContain(LEAK);

          // Nothing reached the host's services; the model server got only the Messages API.
          expect(loopback.connections + everywhere.connections).toBe(connectionsBefore);
          const received = sim.requests.slice(simBefore).map((request) => `${request.method} ${request.path}`);
          expect(received.length).toBeGreaterThanOrEqual(2);
          expect(
            received.every(
              (request) => request === 'POST /v1/messages' || request === 'POST /v1/messages/count_tokens',
            ),
            received.join(', '),
          ).toBe(true);
          expect(session.findings.find((finding) => finding.name === 'refused_requests')?.count).toBeGreaterThanOrEqual(
            8,
          );
        } finally {
          await session.dispose();
        }
        // The relays and their volume went with the session.
        expect(await listBenchContainers(process.pid)).toEqual([]);
        expect(await listBenchVolumes(process.pid)).toEqual([]);
      },
    );
  },
);

// The agent container's only way out. Claude Code runs in the network namespace of a relay
// container that has no network at all — loopback only, no route, no DNS — where a few lines of Node
// listen on 127.0.0.1:RELAY_PORT and pass each connection on to the harness's recording proxy, which
// forwards only the Messages API to the model server (proxy.ts). Model-written code in the agent
// container can reach that port and nothing else: no host port, no LAN, no cloud metadata, no
// internet. (A Docker `--internal` network is not enough: its containers still reach every address
// of the host itself through the bridge — tried on Docker 20.10.)
//
// How the relay reaches the proxy (`Uplink`):
// - `socket` (Linux, default): the proxy listens on a Unix socket in a private temporary folder that
//   is mounted (read-only) into the relay; the proxy has no TCP port at all.
// - `gateway` (Docker Desktop, default there): host folders holding sockets do not cross Desktop's
//   VM, so a second relay on Docker's default bridge dials host.docker.internal:<proxy port> and the
//   two relays meet at a socket in a per-session Docker volume. The proxy listens on 127.0.0.1 only
//   (Docker Desktop delivers host.docker.internal to the host's loopback); on a Linux engine, where
//   host.docker.internal is the docker0 bridge address, it listens on that one address.
// The relays carry the same labels and the same kind of in-container deadline as the agent, a little
// later than its own, and are removed after the session, on Ctrl-C/SIGTERM, or by the sweep.
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { track, untrack } from './cleanup.js';
import { CONTAINER_LABEL, containerName, deadlineArgs, labelArgs, type ContainerNetwork } from './container.js';
import { docker } from '../shared/docker.js';
import { harnessOwner, ownerLabelArgs, type HarnessOwner } from './owner.js';

export type Uplink = 'socket' | 'gateway';

/** Where Claude Code finds the model server inside the agent container. */
export const RELAY_PORT = 4000;
export const RELAY_BASE_URL = `http://127.0.0.1:${RELAY_PORT}`;

/** The relays outlive the agent's deadline by this much (the agent needs them until its end). */
export const RELAY_EXTRA_SECONDS = 10;

const READY_LINE = 'relay ready';

/**
 * The relay itself: `node -e RELAY_SCRIPT <listen> <target>`, each `unix:<path>` or `tcp:<host>:<port>`.
 * A connection is piped to a new connection to the target, both ended when either side ends.
 */
export const RELAY_SCRIPT = [
  "const net=require('net'),fs=require('fs');",
  "const at=(s)=>s.startsWith('unix:')?{path:s.slice(5)}:{host:s.split(':')[1],port:Number(s.split(':')[2])};",
  'const [listen,target]=process.argv.slice(1).map(at);',
  'const server=net.createServer((client)=>{const up=net.connect(target);const end=()=>{client.destroy();up.destroy()};',
  "client.pipe(up).pipe(client);for(const s of [client,up]){s.on('error',end);s.on('close',end)}});",
  'if(listen.path){try{fs.unlinkSync(listen.path)}catch{}}',
  `server.listen(listen.path?listen.path:{host:listen.host,port:listen.port},()=>{if(listen.path)fs.chmodSync(listen.path,0o666);console.log('${READY_LINE}')});`,
].join('');

export function defaultUplink(engineOs: string | null = null): Uplink {
  if (process.platform !== 'linux') return 'gateway';
  return engineOs !== null && /docker desktop/i.test(engineOs) ? 'gateway' : 'socket';
}

/** Where the proxy must listen for the `gateway` relay: 127.0.0.1 on Docker Desktop, else docker0's address. */
export async function gatewayListenHost(): Promise<string> {
  if (process.platform !== 'linux') return '127.0.0.1';
  const info = await docker(['info', '--format', '{{.OperatingSystem}}']);
  if (/docker desktop/i.test(info.stdout)) return '127.0.0.1';
  // Docker 20.10 leaves the default bridge's gateway out of its IPAM config: then it is the bridge
  // interface's address, which is the subnet's first (Node lists no interface that is down, as
  // docker0 is while no container uses it).
  const bridge = await docker([
    'network',
    'inspect',
    'bridge',
    '--format',
    '{{range .IPAM.Config}}{{.Gateway}},{{.Subnet}} {{end}}|{{index .Options "com.docker.network.bridge.name"}}',
  ]);
  const [configs = '', bridgeName = ''] = bridge.stdout.trim().split('|');
  const ipv4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/;
  const pairs = configs
    .trim()
    .split(/\s+/)
    .map((pair) => pair.split(','));
  const firstOfSubnet = (subnet: string) => {
    const match = ipv4.exec(subnet.split('/')[0]);
    return match ? `${match[1]}.${match[2]}.${match[3]}.${Number(match[4]) + 1}` : undefined;
  };
  const gateway =
    pairs.map(([address]) => address).find((address) => ipv4.test(address)) ??
    os.networkInterfaces()[bridgeName.trim()]?.find((address) => address.family === 'IPv4')?.address ??
    pairs.map(([, subnet = '']) => firstOfSubnet(subnet)).find(Boolean);
  if (!gateway)
    throw new Error(
      `cannot find the address of Docker's bridge network (docker network inspect bridge: ${bridge.stderr.trim() || 'no gateway'})`,
    );
  return gateway;
}

/** How the proxy listens for one session's relay. */
export type ProxyListen = { socketPath: string; dir: string } | { listenHost: string };

export async function proxyListenFor(uplink: Uplink): Promise<ProxyListen> {
  if (uplink === 'gateway') return { listenHost: await gatewayListenHost() };
  const dir = await mkdtemp(path.join(os.tmpdir(), 'claude-code-bench-relay-'));
  await chmod(dir, 0o711); // the relay's uid may pass through, not list
  return { socketPath: path.join(dir, 'proxy.sock'), dir };
}

export interface RelayOptions {
  image: string;
  uplink: Uplink;
  listen: ProxyListen;
  /** The proxy's TCP port (gateway uplink). */
  proxyPort: number;
  /** The agent container's deadline; the relays end RELAY_EXTRA_SECONDS later. */
  agentDeadlineSeconds: number;
  owner?: HarnessOwner;
  signal?: AbortSignal;
}

export interface AgentRelay {
  /** `--network` for the agent container. */
  readonly network: ContainerNetwork;
  readonly baseUrl: string;
  readonly containers: readonly string[];
  readonly volume: string | null;
  /** Removes the relays and the volume (the socket folder is the session's, made by proxyListenFor). */
  close(): Promise<void>;
}

/** Named like every container of the harness (`claude-code-bench-<host>-<pid>-<random>`; the role is a label), so that older sweeps, which read the owner from the name, spare it too. */
const relayName = (owner: HarnessOwner): string => containerName(owner.host, owner.pid);

/** Relays use little: a Node process with a few sockets, read-only root, nothing else. */
const RELAY_LIMITS = ['--memory', '128m', '--pids-limit', '32', '--cpus', '0.5'];

export function relayArgs(
  name: string,
  options: RelayOptions,
  network: string[],
  mount: string,
  listen: string,
  target: string,
): string[] {
  const deadline = deadlineArgs(options.agentDeadlineSeconds + RELAY_EXTRA_SECONDS, 'node');
  return [
    'run',
    '--detach',
    '--rm',
    '--name',
    name,
    ...labelArgs('relay', options.owner),
    '--user',
    '1000:1000',
    ...RELAY_LIMITS,
    '--security-opt',
    'no-new-privileges',
    '--cap-drop',
    'ALL',
    '--read-only',
    ...network,
    '--volume',
    mount,
    ...deadline.dockerArgs,
    options.image,
    ...deadline.commandArgs,
    '-e',
    RELAY_SCRIPT,
    listen,
    target,
  ];
}

/** Until the relay says it listens; on Ctrl-C it returns at once (the session then starts no agent). */
async function waitReady(name: string, signal: AbortSignal | undefined): Promise<void> {
  const until = Date.now() + 20_000;
  for (;;) {
    if (signal?.aborted) return;
    const logs = await docker(['logs', name]);
    if (logs.stdout.includes(READY_LINE)) return;
    const state = await docker(['container', 'inspect', '--format', '{{.State.Status}}', name]);
    if (logs.code !== 0 || state.stdout.trim() === 'exited')
      throw new Error(
        `the agent's network relay did not start: ${(logs.stderr || state.stderr).trim().slice(0, 200) || 'it exited'}`,
      );
    if (Date.now() > until) throw new Error("the agent's network relay did not get ready within 20 s");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function startRelay(name: string, args: string[], signal: AbortSignal | undefined): Promise<void> {
  track('container', name);
  const started = await docker(args);
  if (signal?.aborted) return;
  if (started.code !== 0)
    throw new Error(`the agent's network relay did not start: ${started.stderr.trim().split('\n').pop()}`);
  await waitReady(name, signal);
}

/** Starts the relay(s) for one session; on any failure what was started is removed again. */
export async function openAgentRelay(options: RelayOptions): Promise<AgentRelay> {
  const owner = options.owner ?? harnessOwner();
  const containers: string[] = [];
  let volume: string | null = null;
  const close = async () => {
    if (containers.length > 0) await docker(['rm', '--force', ...[...containers].reverse()]);
    for (const name of containers) untrack('container', name);
    if (volume) {
      await docker(['volume', 'rm', '--force', volume]);
      untrack('volume', volume);
    }
  };
  try {
    const inner = relayName(owner);
    const listenInside = `tcp:127.0.0.1:${RELAY_PORT}`;
    if ('socketPath' in options.listen) {
      containers.push(inner);
      await startRelay(
        inner,
        relayArgs(
          inner,
          { ...options, owner },
          ['--network', 'none'],
          `${options.listen.dir}:/relay:ro`,
          listenInside,
          'unix:/relay/proxy.sock',
        ),
        options.signal,
      );
    } else {
      volume = `${CONTAINER_LABEL}-relay-${randomBytes(6).toString('hex')}`;
      track('volume', volume);
      const made = await docker([
        'volume',
        'create',
        '--label',
        `${CONTAINER_LABEL}=1`,
        ...ownerLabelArgs(owner),
        volume,
      ]);
      if (made.code !== 0) throw new Error(`cannot create the relay volume: ${made.stderr.trim()}`);
      // Mounted where the image has a folder of uid 1000: a new volume takes over its owner.
      const mount = `${volume}:/workspace`;
      const outer = relayName(owner);
      containers.push(outer);
      await startRelay(
        outer,
        relayArgs(
          outer,
          { ...options, owner },
          ['--network', 'bridge', '--add-host', 'host.docker.internal:host-gateway'],
          mount,
          'unix:/workspace/up.sock',
          `tcp:host.docker.internal:${options.proxyPort}`,
        ),
        options.signal,
      );
      containers.push(inner);
      await startRelay(
        inner,
        relayArgs(inner, { ...options, owner }, ['--network', 'none'], mount, listenInside, 'unix:/workspace/up.sock'),
        options.signal,
      );
    }
    return { network: `container:${inner}`, baseUrl: RELAY_BASE_URL, containers: [...containers], volume, close };
  } catch (error) {
    await close();
    throw error;
  }
}

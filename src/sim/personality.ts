// A wire personality: which server the simulator pretends to be. Each is a route table plus how
// that server answers an unknown path, a body that is not JSON, and an error — one small module
// per server (routes.ts for Ollama, routes-llama-server.ts, routes-anthropic.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimError } from './errors.js';
import type { GenerationEnvironment } from './generation.js';
import type { SimProfile } from './profiles/types.js';
import type { StreamFault } from './streaming.js';

export const SIM_BACKENDS = ['ollama', 'llama-server', 'anthropic'] as const;
export type SimBackend = (typeof SIM_BACKENDS)[number];

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  /** The path without query or trailing slash (a `/*` route reads its last segment from it). */
  path: string;
  /** The body as received (empty when none was sent). */
  raw: string;
  body: Record<string, unknown>;
  query: URLSearchParams;
  env: GenerationEnvironment;
  fault: StreamFault;
  /** Aborted when the client goes away or the simulator closes. */
  signal: AbortSignal;
  startedNs: bigint;
}

export type Route = (ctx: RouteContext) => Promise<void> | void;

export interface Personality {
  readonly backend: SimBackend;
  /** `METHOD /path` → handler; `METHOD /dir/*` answers any last segment under /dir. */
  readonly routes: Readonly<Record<string, Route>>;
  /** The server context when the simulator's options do not set one (`contextLength`). */
  defaultContext(vramBytes: number): number;
  /** No route for this method and path. */
  notFound(res: ServerResponse, method: string, path: string): void;
  /** The body is not JSON (or not a JSON object). */
  malformed(res: ServerResponse, path: string, message: string): void;
  /** An error in this server's shape. */
  error(res: ServerResponse, path: string, error: SimError): void;
  /** The profile a request's model name runs on (for its faults); undefined when none. */
  profileFor(model: string | null): SimProfile | undefined;
}

/** The route for a method and path: exact, else the `/*` route of its directory. */
export function findRoute(routes: Readonly<Record<string, Route>>, method: string, path: string): Route | undefined {
  return routes[`${method} ${path}`] ?? routes[`${method} ${path.replace(/\/[^/]+$/, '/*')}`];
}

/** Whether any method has a route for the path (else a 404 rather than a 405). */
export function knownPath(routes: Readonly<Record<string, Route>>, path: string): boolean {
  const wildcard = path.replace(/\/[^/]+$/, '/*');
  return Object.keys(routes).some((key) => {
    const routePath = key.slice(key.indexOf(' ') + 1);
    return routePath === path || routePath === wildcard;
  });
}

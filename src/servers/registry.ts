// The backend registry and the `--backend auto` rule: Ollama answers /api/version, llama-server
// /props, and any other Anthropic-compatible server at least /v1/models.
import { TargetError } from '../targets/errors.js';
import { AnthropicServer, anthropicAdvice } from './anthropic.js';
import { requestJson } from './http-json.js';
import { LlamaServer, llamaServerAdvice } from './llama-server.js';
import { OllamaServer, ollamaAdvice, type ServerConnection } from './ollama.js';
import type { BackendChoice, BackendId, ModelServer, ServerAdvice } from './types.js';

export type { BackendChoice };

/** A new backend is one file plus one line here. */
export const BACKENDS: Record<BackendId, (connection: ServerConnection) => ModelServer> = {
  ollama: (connection) => new OllamaServer(connection),
  'llama-server': (connection) => new LlamaServer(connection),
  anthropic: (connection) => new AnthropicServer(connection),
};

const ADVICE: Record<BackendId, ServerAdvice> = {
  ollama: ollamaAdvice,
  'llama-server': llamaServerAdvice,
  anthropic: anthropicAdvice,
};

/** How to raise the context, start the server, get a model — on `backend`. */
export function adviceFor(backend: BackendId): ServerAdvice {
  return ADVICE[backend];
}

export function createServer(backend: BackendId, connection: ServerConnection): ModelServer {
  return BACKENDS[backend](connection);
}

export interface Detection {
  backend: BackendId;
  /** What answered, for the console: "GET /api/version answered 0.33.0". */
  evidence: string;
}

/** Raised when nothing at the host answers like a model server; the message says what was tried. */
export class NoModelServerError extends Error {
  constructor(
    readonly host: string,
    readonly reason: string,
    readonly unreachable: boolean,
  ) {
    super(reason);
    this.name = 'NoModelServerError';
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export async function detectBackend(connection: ServerConnection): Promise<Detection> {
  const host = connection.host.replace(/\/+$/, '');
  const probe = { ...connection, host, timeoutMs: Math.min(connection.timeoutMs, 10_000) };
  const tried: string[] = [];
  const attempt = async (path: string): Promise<unknown> => {
    try {
      return await requestJson<unknown>(probe, 'GET', path);
    } catch (error) {
      if (error instanceof TargetError && error.kind !== 'http' && error.kind !== 'protocol')
        throw new NoModelServerError(host, error.message, true);
      tried.push(
        `GET ${path}: ${error instanceof TargetError && error.status !== null ? `HTTP ${error.status}` : 'not JSON'}`,
      );
      return null;
    }
  };
  const version = await attempt('/api/version');
  if (isObject(version) && typeof version.version === 'string')
    return { backend: 'ollama', evidence: `GET /api/version answered ${version.version}` };
  const props = await attempt('/props');
  if (isObject(props) && (isObject(props.default_generation_settings) || typeof props.total_slots === 'number')) {
    return {
      backend: 'llama-server',
      evidence: `GET /props answered${typeof props.build_info === 'string' ? ` build ${props.build_info}` : ''}`,
    };
  }
  const models = await attempt('/v1/models');
  if (isObject(models) && Array.isArray(models.data))
    return {
      backend: 'anthropic',
      evidence: 'GET /v1/models answered (no /api/version, no /props): an Anthropic-compatible server',
    };
  throw new NoModelServerError(host, `no model server answers there (${tried.join('; ')})`, false);
}

/** The server for `choice`: detected for `auto`, else the one named. */
export async function connectServer(
  choice: BackendChoice,
  connection: ServerConnection,
): Promise<{ server: ModelServer; detection: Detection }> {
  const detection =
    choice === 'auto' ? await detectBackend(connection) : { backend: choice, evidence: `--backend ${choice}` };
  return { server: createServer(detection.backend, connection), detection };
}

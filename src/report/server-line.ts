// The model server a run talked to, as one line of a report.
import type { ServerInfo } from '../types.js';
import { escapeMarkdownCell } from './escape.js';

export const BACKEND_NAMES: Record<ServerInfo['backend'], string> = {
  ollama: 'Ollama',
  'llama-server': 'llama-server',
  anthropic: 'Anthropic-compatible server',
};

/** "llama-server b6123-34af94cd at http://127.0.0.1:8080". */
export function serverLine(server: ServerInfo): string {
  return `${BACKEND_NAMES[server.backend]} ${escapeMarkdownCell(server.version ?? 'version unknown')} at ${escapeMarkdownCell(server.url)}`;
}

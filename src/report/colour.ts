// Colour on the console only where it helps and is wanted: a TTY, unless NO_COLOR is set;
// FORCE_COLOR (not "0") turns it on anywhere (https://no-color.org, https://force-color.org).
import type { ShownStatus } from './metrics.js';

export function colourWanted(
  stream: { isTTY?: boolean } = process.stdout,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}

const SGR: Record<ShownStatus, string> = { pass: '32', warn: '33', fail: '31', error: '1;31', skip: '2', info: '36' };

/** `text` in the colour of `status` when colour is on. */
export function paint(text: string, status: ShownStatus | null, on: boolean): string {
  return on && status ? `\u001b[${SGR[status]}m${text}\u001b[0m` : text;
}

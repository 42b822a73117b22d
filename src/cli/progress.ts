// Progress on long work: in a terminal, one live bar per model (suites done / suites planned and
// what runs now); in CI or a pipe, plain lines when a suite starts and ends.
import type { ProgressSink } from '../run/runner.js';

interface ModelLine {
  done: number;
  current: string;
  /** Share of the running suite done, from its own "(k/n)" progress (0 when it gives none). */
  partial: number;
}

/** "tool-use: simple-read (12/34)" → 12/34; the bar then counts probes done, not only suites. */
export function partialOf(message: string): number {
  const match = /\((\d+)\/(\d+)\)\s*$/.exec(message);
  if (!match) return 0;
  const [done, total] = [Number(match[1]), Number(match[2])];
  return total > 0 ? Math.min(1, done / total) : 0;
}

/** `suitesToRun`: per model, how many suites this run will run (fewer for a resumed model). */
export function createProgress(
  suitesToRun: ReadonlyMap<string, number>,
  stream: NodeJS.WriteStream = process.stderr,
): { sink: ProgressSink; finish(): void } {
  const models = [...suitesToRun.keys()];
  const live = stream.isTTY === true && !process.env.CI;
  const started = Date.now();
  const elapsed = () => `${Math.round((Date.now() - started) / 1000)}s`;
  if (!live) {
    return {
      sink: ({ model, message }) => {
        if (/: (started|done)$/.test(message)) stream.write(`[${elapsed()}] ${model} · ${message}\n`);
      },
      finish: () => undefined,
    };
  }
  const lines = new Map<string, ModelLine & { total: number }>(
    models.map((m) => [m, { done: 0, total: suitesToRun.get(m) ?? 0, current: 'waiting', partial: 0 }]),
  );
  const width = Math.max(...models.map((m) => m.length), 5);
  let drawn = 0;
  let timer: NodeJS.Timeout | null = null;
  const draw = () => {
    timer = null;
    if (drawn > 0) stream.write(`\x1b[${drawn}A`);
    for (const [model, line] of lines) {
      const filled = Math.min(20, Math.round(((line.done + line.partial) / Math.max(1, line.total)) * 20));
      const bar = '█'.repeat(filled) + '░'.repeat(20 - filled);
      const text = `${model.padEnd(width)} ${bar} ${line.done}/${line.total} ${line.current}`;
      stream.write(`\x1b[2K${text.slice(0, (stream.columns ?? 120) - 1)}\n`);
    }
    drawn = lines.size;
  };
  return {
    sink: ({ model, message }) => {
      const line = lines.get(model);
      if (!line) return;
      if (/: done$/.test(message)) {
        line.done += 1;
        line.partial = 0;
      } else line.partial = Math.max(/: started$/.test(message) ? 0 : line.partial, partialOf(message));
      line.current = line.done >= line.total ? `finished in ${elapsed()}` : message;
      timer ??= setTimeout(draw, 100);
    },
    finish: () => {
      if (timer) clearTimeout(timer);
      draw();
    },
  };
}

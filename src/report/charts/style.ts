// Colours, sizes and number formats every chart shares, so the four read as one set.
import type { Status } from '../../types.js';
import { truncate } from '../escape.js';

export const WIDTH = 900;
export const FONT = 'DejaVu Sans, Verdana, Arial, sans-serif';
export const TEXT = '#222222';
export const MUTED = '#6b6b6b';
export const GRID_LINE = '#e4e4e4';

/** Verdict colours, distinguishable for the common colour blindnesses (the cells carry numbers too). */
export const STATUS_COLOR: Readonly<Record<Status, string>> = {
  pass: '#1a9850',
  warn: '#f4a300',
  fail: '#d73027',
  error: '#7b3294',
  skip: '#bdbdbd',
};

/** Text on a status colour: white where the fill is dark. */
export const STATUS_TEXT: Readonly<Record<Status, string>> = {
  pass: '#ffffff',
  warn: '#222222',
  fail: '#ffffff',
  error: '#ffffff',
  skip: '#222222',
};

/** Series colours for charts whose bars are not verdicts (context, memory): distinct from each other and from the status colours. */
export const SERIES_COLORS = ['#2b6cb0', '#8fb8de', '#5a5a5a', '#c48a3f'] as const;

/** A reference line the bars are read against (what Claude Code needs, the GPU's VRAM, a pass limit). */
export const LINE_COLOR = '#c2185b';

export const MODEL_LABEL_CHARS = 28;

/** The axis label of a model: cut to fit the left margin. */
export function modelLabel(model: string): string {
  return truncate(model, MODEL_LABEL_CHARS);
}

/** Left margin that fits the longest model label (SSR estimates text at ~7 px a character at 12 px). */
export function modelMargin(models: readonly string[]): number {
  const longest = Math.max(4, ...models.map((model) => Array.from(modelLabel(model)).length));
  return Math.min(230, 24 + Math.ceil(longest * 7.2));
}

/** 366000000 → "366M", 88034 → "88K", 149.9 → "150", 5 → "5", 0.5 → "0.5". */
export function compact(value: number): string {
  const abs = Math.abs(value);
  const units: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'K'],
  ];
  for (const [size, suffix] of units) {
    if (abs >= size) {
      const scaled = value / size;
      return `${scaled.toLocaleString('en-US', { maximumFractionDigits: Math.abs(scaled) < 10 ? 1 : 0 })}${suffix}`;
    }
  }
  return value.toLocaleString('en-US', { maximumFractionDigits: abs < 10 ? 1 : 0 });
}

/** Tokens as people say them: 65536 → "64K", 131072 → "128K", 4096 → "4K", 1000 → "1,000". */
export function tokensLabel(tokens: number): string {
  if (tokens >= 1024 && tokens % 1024 === 0) return `${(tokens / 1024).toLocaleString('en-US')}K`;
  return tokens.toLocaleString('en-US', { maximumFractionDigits: 0 });
}

/** The title block every chart opens with. */
export function titleOf(text: string, subtext?: string): Record<string, unknown> {
  return {
    text,
    subtext,
    left: 16,
    top: 10,
    textStyle: { fontFamily: FONT, fontSize: 17, fontWeight: 'bold', color: TEXT },
    subtextStyle: { fontFamily: FONT, fontSize: 12, color: MUTED },
  };
}

/** Height of a chart with `rows` model rows of `rowHeight` px, plus its fixed top and bottom. */
export function heightFor(rows: number, rowHeight: number, top: number, bottom: number): number {
  return Math.round(top + bottom + Math.max(1, rows) * rowHeight);
}

/** A round axis step (1, 2 or 5 × a power of ten) that cuts 0…top into about `ticks` parts. */
export function niceStep(top: number, ticks = 6): number {
  const raw = Math.max(top, 1e-9) / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].find((factor) => factor * power >= raw) ?? 10;
  return step * power;
}

/** The category axis every chart has: one row per model, top to bottom in run order. */
export function modelAxis(models: readonly string[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'category',
    inverse: true,
    data: models.map(modelLabel),
    axisLabel: { interval: 0, fontFamily: FONT, fontSize: 12, color: TEXT },
    axisTick: { show: false },
    ...extra,
  };
}

/** A value axis's name, centred under it. */
export function axisName(name: string): Record<string, unknown> {
  return { name, nameLocation: 'middle', nameGap: 30, nameTextStyle: { fontFamily: FONT, fontSize: 12, color: TEXT } };
}

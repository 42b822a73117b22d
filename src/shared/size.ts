// Byte sizes as people type them on the command line ("24G", "512MiB") and as reports print them.

export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;

const UNIT_BYTES: Record<string, number> = {
  '': 1,
  b: 1,
  k: KiB,
  kb: 1000,
  kib: KiB,
  m: MiB,
  mb: 1000 ** 2,
  mib: MiB,
  g: GiB,
  gb: 1000 ** 3,
  gib: GiB,
  t: 1024 * GiB,
  tb: 1000 ** 4,
  tib: 1024 * GiB,
};

/**
 * Parses "24G", "24GiB", "24 GB", "1.5T", "512M", "1048576B". A bare letter (G) means binary
 * units, because that is what GPU vendors and `nvidia-smi` mean by "24G"; "GB" is decimal. A bare
 * number is refused: "--vram 24" is almost always 24G, never 24 bytes.
 */
export function parseSize(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (match && match[2] === '')
    throw new Error(`invalid size "${text}": give a unit, e.g. ${match[1]}G (GiB); bytes are ${match[1]}B`);
  const unit = match ? UNIT_BYTES[match[2].toLowerCase()] : undefined;
  if (!match || unit === undefined) {
    throw new Error(`invalid size "${text}": expected a number with an optional unit, e.g. 24G, 16GiB, 512M, 48GB`);
  }
  const bytes = Number(match[1]) * unit;
  if (!Number.isFinite(bytes) || bytes <= 0) throw new Error(`invalid size "${text}": must be greater than zero`);
  return Math.round(bytes);
}

/** "23.5 GiB", "512 MiB", "0 B" — binary units, like Ollama's own logs. */
export function formatBytes(bytes: number): string {
  const abs = Math.abs(bytes);
  if (abs >= GiB) return `${(bytes / GiB).toFixed(1)} GiB`;
  if (abs >= MiB) return `${Math.round(bytes / MiB)} MiB`;
  if (abs >= KiB) return `${Math.round(bytes / KiB)} KiB`;
  return `${bytes} B`;
}

/** "65536" → "64K" style for context sizes in prose. */
export function formatTokens(tokens: number): string {
  return tokens >= 1024 && tokens % 1024 === 0 ? `${tokens / 1024}K` : String(tokens);
}

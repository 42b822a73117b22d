// Every chart, rasterized (resvg, no browser) at 1, 3 and 11 models: not blank, the colours that carry
// the meaning are really painted, and no two texts (value labels, axis labels, legend) overlap.
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { renderCharts, type RenderedChart } from '../../src/report/charts.js';
import { LINE_COLOR, STATUS_COLOR } from '../../src/report/charts/style.js';
import { chartRun } from '../helpers/chart-fixtures.js';

interface Raster {
  width: number;
  height: number;
  pixels: Uint8Array;
}

function rasterize(svg: string): Raster {
  const image = new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } }).render();
  return { width: image.width, height: image.height, pixels: image.pixels };
}

const hex = (r: number, g: number, b: number) => `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;

/** Opaque pixels by colour. */
function colourCounts({ pixels }: Raster): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i < pixels.length; i += 4) {
    if (pixels[i + 3] < 255) continue;
    const colour = hex(pixels[i], pixels[i + 1], pixels[i + 2]);
    counts.set(colour, (counts.get(colour) ?? 0) + 1);
  }
  return counts;
}

function nonBackgroundFraction(raster: Raster): number {
  const { pixels } = raster;
  let painted = 0;
  for (let i = 0; i < pixels.length; i += 4)
    if (pixels[i] < 250 || pixels[i + 1] < 250 || pixels[i + 2] < 250) painted++;
  return painted / (raster.width * raster.height);
}

interface TextBox {
  text: string;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/**
 * The boxes of an ECharts SVG's text elements, estimated as the renderer lays them out (x from
 * `translate`, anchor, ~0.6 em a character). Two boxes that overlap are two labels drawn over each other.
 */
function textBoxes(svg: string): TextBox[] {
  const boxes: TextBox[] = [];
  for (const match of svg.matchAll(/<text([^>]*)>([^<]*)<\/text>/g)) {
    const [, attributes, raw] = match;
    const text = raw
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'");
    if (!text.trim()) continue;
    const translate = /translate\(([-\d.]+)[ ,]([-\d.]+)\)/.exec(attributes);
    if (!translate) continue;
    const size = Number(/font-size:([\d.]+)px/.exec(attributes)?.[1] ?? 12);
    const y = Number(/\sy="([-\d.]+)"/.exec(attributes)?.[1] ?? 0);
    const x = Number(/\sx="([-\d.]+)"/.exec(attributes)?.[1] ?? 0);
    const anchor = /text-anchor="(\w+)"/.exec(attributes)?.[1] ?? 'start';
    const width = Array.from(text).length * size * 0.58;
    const cx = Number(translate[1]) + x;
    const left = anchor === 'end' ? cx - width : anchor === 'middle' ? cx - width / 2 : cx;
    const baseline = /dominant-baseline="central"/.test(attributes) ? 'central' : 'alphabetic';
    const cy = Number(translate[2]) + y;
    const top = baseline === 'central' ? cy - size / 2 : cy - size * 0.8;
    boxes.push({ text, left, right: left + width, top, bottom: top + size });
  }
  return boxes;
}

function overlaps(boxes: readonly TextBox[]): string[] {
  const found: string[] = [];
  const slack = 1;
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, b] = [boxes[i], boxes[j]];
      if (a.left + slack < b.right && b.left + slack < a.right && a.top + slack < b.bottom && b.top + slack < a.bottom)
        found.push(`"${a.text}" × "${b.text}"`);
    }
  }
  return found;
}

const near = (counts: Map<string, number>, colour: string): number => counts.get(colour.toLowerCase()) ?? 0;

describe.each([1, 3, 11])('charts of a run of %i model(s), rasterized', (models) => {
  let charts: RenderedChart[] = [];
  const chart = (file: string): RenderedChart => {
    const found = charts.find((c) => c.file === file);
    if (!found) throw new Error(`no ${file}`);
    return found;
  };

  it('renders the four charts, each with painted pixels in several colours', async () => {
    charts = await renderCharts(chartRun(models));
    expect(charts.map((c) => c.file).sort()).toEqual([
      'chart-context.svg',
      'chart-memory.svg',
      'chart-throughput.svg',
      'chart-tool-use.svg',
    ]);
    for (const rendered of charts) {
      const raster = rasterize(rendered.svg);
      expect(raster.width, rendered.file).toBe(rendered.width);
      expect(raster.height, rendered.file).toBe(rendered.height);
      expect(nonBackgroundFraction(raster), rendered.file).toBeGreaterThan(0.04);
      const colours = [...colourCounts(raster)].filter(([, n]) => n >= 50);
      expect(colours.length, rendered.file).toBeGreaterThanOrEqual(4);
    }
  });

  it('grows with the number of models, so rows keep their height', () => {
    for (const rendered of charts) expect(rendered.height).toBeGreaterThanOrEqual(150 + models * 20);
  });

  it('the tool-use heat map paints pass, warn and fail cells in their colours', () => {
    const counts = colourCounts(rasterize(chart('chart-tool-use.svg').svg));
    // A cell is ~90 × 26 px: a cell of a colour is well over 1,000 pixels.
    expect(near(counts, STATUS_COLOR.pass)).toBeGreaterThan(1000);
    expect(near(counts, STATUS_COLOR.fail)).toBeGreaterThan(1000);
    expect(near(counts, STATUS_COLOR.warn)).toBeGreaterThan(1000);
  });

  it('the reference lines are drawn: 64K on the context chart, the VRAM on the memory chart', () => {
    expect(near(colourCounts(rasterize(chart('chart-context.svg').svg)), LINE_COLOR)).toBeGreaterThan(50);
    expect(near(colourCounts(rasterize(chart('chart-memory.svg').svg)), LINE_COLOR)).toBeGreaterThan(50);
  });

  it('no two texts overlap (value labels, axis labels, legend, headings)', () => {
    for (const rendered of charts) expect(overlaps(textBoxes(rendered.svg)), rendered.file).toEqual([]);
  });
});

describe('the throughput chart next to a model at hundreds of millions of tokens/s', () => {
  it('still shows a failing 5 tokens/s decode as a visible red bar (log scale)', async () => {
    const charts = await renderCharts(chartRun(11));
    const throughput = charts.find((c) => c.file === 'chart-throughput.svg')!;
    expect(throughput.svg).toContain('366M');
    expect(throughput.svg).toContain('log scale');
    // A bar of 16 px height and tens of px long: hundreds of red pixels.
    expect(near(colourCounts(rasterize(throughput.svg)), STATUS_COLOR.fail)).toBeGreaterThan(300);
  });
});

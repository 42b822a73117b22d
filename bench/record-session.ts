// Records fresh session traces for the session suite from the real Claude Code container (Docker):
//   npm run build && node dist/bench/record-session.js [--claude-code-version 2.1.332] [--out test/fixtures/session]
// Writes <out>/default.jsonl and <out>/cache-settings.jsonl (see test/fixtures/session/README.md).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_CLAUDE_CODE_VERSION, ensureImage } from '../src/agent/image.js';
import { recordTrace } from '../suites/session/record.js';
import { traceFileName } from '../suites/session/fixtures.js';
import { saveTrace, TRACE_VARIANTS } from '../suites/session/trace.js';

const { values } = parseArgs({
  options: {
    'claude-code-version': { type: 'string', default: DEFAULT_CLAUDE_CODE_VERSION },
    out: { type: 'string', default: path.join('test', 'fixtures', 'session') },
  },
});
const version = values['claude-code-version'];
const out = values.out;
const image = await ensureImage({ claudeCodeVersion: version, onProgress: (line) => console.log(line) });
await mkdir(out, { recursive: true });
for (const variant of TRACE_VARIANTS) {
  const trace = await recordTrace({
    image,
    claudeCodeVersion: version,
    variant,
    onProgress: (line) => console.log(line),
  });
  const file = path.join(out, traceFileName(variant));
  await saveTrace(file, trace);
  const kinds = trace.requests.map((request) => request.kind);
  console.log(
    `${file}: ${trace.requests.length} requests (${kinds.filter((kind) => kind === 'main').length} main, ${kinds.filter((kind) => kind === 'side').length} side)`,
  );
}

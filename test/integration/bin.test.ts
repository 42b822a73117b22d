// The bin as `npx bench` runs it: by its shebang (`env -S node --max-semi-space-size=2`), not through
// `node`, so the built file must be executable and the shebang must start Node.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));

describe('the bench bin', () => {
  it('runs by its shebang and prints its help', () => {
    const help = execFileSync(bin, ['--help'], { encoding: 'utf8' });
    expect(help).toMatch(/Usage: bench/);
  });

  it('npm run build makes it executable (npm ci runs before the build, so npm cannot)', () => {
    const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8'));
    expect(pkg.scripts.build).toContain("chmodSync('dist/src/cli/main.js', 0o755)");
  });
});

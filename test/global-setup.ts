// Builds the project once before any test, so tests that run the `bench` CLI test the current code.
// Type errors do not stop the emit here: `npm run build` (in CI before the tests) is the type gate.
import { spawnSync } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0)
    process.stderr.write(
      `global-setup: tsc reported errors (the build is still emitted):\n${result.stdout.slice(0, 2000)}\n`,
    );
  // As `npm run build` does: the bin runs by its shebang (`npx bench`), so it must be executable.
  chmodSync(fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url)), 0o755);
}

// Path of the built CLI; test/global-setup.ts builds it once before the tests run.
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));

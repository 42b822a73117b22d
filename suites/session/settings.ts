// The cache-saving settings live with the launch settings (src/launch/cache-settings.ts): the
// launch decides on them from this suite's figures, and the suite names them in its advice.
export { CACHE_SETTINGS_ENV, cacheSettingsWords } from '../../src/launch/cache-settings.js';

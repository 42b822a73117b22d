// The cache-saving settings: the Claude Code environment variables that keep its prompt prefix
// stable from one request to the next, so a server's prompt cache can serve it. What each one
// changes on the wire was read in Claude Code 2.1.332's requests and bundle
// (test/fixtures/session/README.md).

export const CACHE_SETTINGS_ENV: Readonly<Record<string, string>> = {
  CLAUDE_CODE_ATTRIBUTION_HEADER: '0',
  CLAUDE_CODE_TOTAL_TOKENS_REMINDER: 'off',
};

/** The settings as `NAME=value` words, for advice. */
export const cacheSettingsWords = (): string =>
  Object.entries(CACHE_SETTINGS_ENV)
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');

// Deterministic, seeded filler prose: prompts of a known size without downloading a data set.

const SUBJECTS = [
  'The build server',
  'A careful reviewer',
  'The release script',
  'Our test runner',
  'The cache layer',
  'A junior developer',
  'The deploy job',
  'The linter',
  'The package manager',
  'A flaky integration test',
];
const VERBS = [
  'rewrites',
  'checks',
  'ignores',
  'archives',
  'retries',
  'documents',
  'measures',
  'renames',
  'compresses',
  'validates',
];
const OBJECTS = [
  'the nightly logs',
  'every stale branch',
  'the migration plan',
  'old configuration files',
  'the coverage report',
  'a pending pull request',
  'the staging database',
  'the changelog',
  'its own output',
  'the dependency graph',
];
const TAILS = [
  'before lunch.',
  'after each merge.',
  'without telling anyone.',
  'twice a week.',
  'when the moon is full.',
  'for no clear reason.',
  'as the wiki suggests.',
  'in a hurry.',
  'with great care.',
  'on Fridays only.',
];

/** A small, fast PRNG (mulberry32): the same seed gives the same text on every machine. */
export function seededRandom(seed: number | string): () => number {
  let state = typeof seed === 'string' ? fnv1a(seed) : seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a: turns a text seed into a 32-bit number. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Sentences of filler prose totalling at least `chars` characters. */
export function fillerSentences(seed: number, chars: number): string[] {
  const random = seededRandom(seed);
  const pick = (words: readonly string[]) => words[Math.floor(random() * words.length)];
  const sentences: string[] = [];
  let length = 0;
  while (length < chars) {
    const sentence = `${pick(SUBJECTS)} ${pick(VERBS)} ${pick(OBJECTS)} ${pick(TAILS)}`;
    sentences.push(sentence);
    length += sentence.length + 1;
  }
  return sentences;
}

/** Filler prose of about `chars` characters. */
export function fillerText(seed: number, chars: number): string {
  return fillerSentences(seed, chars).join(' ');
}

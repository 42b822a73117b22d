// Deterministic needle-in-a-haystack text: seeded filler sentences with "secret code" needles at
// chosen depths and distractor needles (other keys) scattered between them, RULER-style.
// The phrasing is plain English a real model understands; docs/simulator.md names it too.
import { seededRandom } from '../shared/filler.js';

export { seededRandom };

export interface Needle {
  key: string;
  value: string;
  /** Relative position in the haystack: 0 = very start, 1 = very end. */
  depth: number;
}

export interface Haystack {
  text: string;
  /** The needles the questions ask for, in the order of `depths`. */
  needles: Needle[];
  /** Needles with other keys; retrieving one of their values is a wrong answer. */
  distractors: Needle[];
}

export interface HaystackSpec {
  seed: string;
  /** Target length of `text` in characters (met to within one filler sentence). */
  chars: number;
  depths: readonly number[];
  distractorCount: number;
}

// Word lists avoid "secret", "code" and question words so filler never looks like a needle or a question.
const SUBJECTS = [
  'The old lighthouse',
  'A quiet river',
  'The market square',
  'The baker on the corner',
  'A flock of gulls',
  'The night train',
  'The village choir',
  'An orange cat',
  'The harbor master',
  'A gentle breeze',
  'The library clock',
  'The mountain path',
  'A small ferry',
  'The potter',
  'The morning fog',
  'A tired traveler',
];
const PREDICATES = [
  'drifted slowly past',
  'waited patiently near',
  'was painted blue beside',
  'echoed softly across',
  'gathered every spring around',
  'leaned against the wall of',
  'glowed warmly above',
  'rested for a while by',
  'turned quietly toward',
  'was often seen near',
  'moved at dawn along',
  'stood for decades beside',
];
const PLACES = [
  'the stone bridge',
  'the northern meadow',
  'the fishing boats',
  'the empty station',
  'the apple orchard',
  'the town hall',
  'the winding canal',
  'the pine forest',
  'the old mill',
  'the sandy shore',
  'the vegetable garden',
  'the chapel steps',
];
const CODAS = [
  '',
  '',
  ' while the kettle boiled',
  ' before the rain began',
  ' as the bells rang twice',
  ' long after sunset',
  ' in the cool evening air',
  ' during the harvest festival',
];
const KEY_WORDS = [
  'Falcon',
  'Juniper',
  'Copper',
  'Harbor',
  'Meadow',
  'Cobalt',
  'Willow',
  'Ember',
  'Granite',
  'Saffron',
  'Tundra',
  'Orchid',
  'Lantern',
  'Quartz',
  'Mistral',
  'Cedar',
  'Pebble',
  'Thistle',
  'Aurora',
  'Bramble',
];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

function fillerSentence(random: () => number): string {
  return `${pick(random, SUBJECTS)} ${pick(random, PREDICATES)} ${pick(random, PLACES)}${pick(random, CODAS)}.`;
}

export function needleSentence(needle: Pick<Needle, 'key' | 'value'>): string {
  return `The secret code for ${needle.key} is ${needle.value}.`;
}

/** The question for one needle; the simulator and real models both read it. */
export function needleQuestion(key: string): string {
  return `What is the secret code for ${key}? Reply with the code only, or with "not found" if the notes do not give it.`;
}

/** The whole user message: a short instruction, the notes, then the question last (truncation keeps the end). */
export function needlePrompt(haystack: Haystack, key: string): string {
  return [
    'Below is a long set of notes. A few sentences in them give secret codes for different names. Read the notes, then answer the question after them.',
    '<notes>',
    haystack.text,
    '</notes>',
    needleQuestion(key),
  ].join('\n\n');
}

/** Keys and values unique within one haystack; keys like `Falcon27`, values 7-digit numbers. */
function uniqueNeedles(random: () => number, count: number): Array<Pick<Needle, 'key' | 'value'>> {
  const keys = new Set<string>();
  const values = new Set<string>();
  const out: Array<Pick<Needle, 'key' | 'value'>> = [];
  while (out.length < count) {
    const key = `${pick(random, KEY_WORDS)}${10 + Math.floor(random() * 90)}`;
    const value = String(1_000_000 + Math.floor(random() * 9_000_000));
    if (keys.has(key) || values.has(value)) continue;
    keys.add(key);
    values.add(value);
    out.push({ key, value });
  }
  return out;
}

export function buildHaystack(spec: HaystackSpec): Haystack {
  const random = seededRandom(spec.seed);
  const made = uniqueNeedles(random, spec.depths.length + spec.distractorCount);
  const needles: Needle[] = spec.depths.map((depth, i) => ({ ...made[i], depth }));
  // Distractors stay off the exact start and end so the depth-0 and depth-1 needles really are there.
  const distractors: Needle[] = made.slice(spec.depths.length).map((n) => ({ ...n, depth: 0.05 + random() * 0.9 }));
  const inserted = [...needles, ...distractors];
  const insertedChars = inserted.reduce((sum, n) => sum + needleSentence(n).length + 1, 0);

  const filler: string[] = [];
  let length = 0;
  while (length < spec.chars - insertedChars) {
    const sentence = fillerSentence(random);
    filler.push(sentence);
    length += sentence.length + 1;
  }

  // Slot i holds the needles that go before filler sentence i (slot filler.length = after the last).
  const slots = new Map<number, Needle[]>();
  for (const needle of [...inserted].sort((a, b) => a.depth - b.depth)) {
    const slot = Math.round(needle.depth * filler.length);
    slots.set(slot, [...(slots.get(slot) ?? []), needle]);
  }
  const sentences: string[] = [];
  for (let i = 0; i <= filler.length; i++) {
    for (const needle of slots.get(i) ?? []) sentences.push(needleSentence(needle));
    if (i < filler.length) sentences.push(filler[i]);
  }
  // A paragraph break every eight sentences keeps the text looking like notes.
  const text = sentences
    .map((s, i) => (i > 0 && i % 8 === 0 ? `\n${s}` : s))
    .join(' ')
    .replace(/ \n/g, '\n');
  return { text, needles, distractors };
}

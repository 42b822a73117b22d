// Model text is untrusted: it goes into spreadsheets and rendered Markdown, so it is escaped on the way out.

/** Cuts text to at most `max` characters (code points, so no emoji is split), marking the cut with `…`. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return chars.slice(0, Math.max(0, max - 1)).join('') + '…';
}

// Spreadsheets evaluate a cell starting with one of these as a formula (OWASP "CSV injection"): = + - @,
// their full-width forms (＝ ＋ － ＠, which some spreadsheets fold to ASCII) and | (DDE: `|calc`).
const FORMULA_CHAR = /[=+\-@|\uff1d\uff0b\uff0d\uff20]/;
// A leading tab, CR or LF is a formula start itself; other leading blanks (space, NBSP, zero-width
// and other format characters) are skipped by spreadsheets, so what follows them counts.
const LEADING_CONTROL = /^[\t\r\n]/;
const LEADING_BLANKS = /^[\s\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u2064\u3000\ufeff]+/;
// A plain negative number is data, not a formula; quoting it would turn it into text.
const PLAIN_NEGATIVE_NUMBER = /^-\d+(\.\d+)?([eE][-+]?\d+)?$/;

/** True when a spreadsheet would run `text` as a formula. */
export function looksLikeFormula(text: string): boolean {
  if (PLAIN_NEGATIVE_NUMBER.test(text)) return false;
  if (LEADING_CONTROL.test(text)) return true;
  const first = text.replace(LEADING_BLANKS, '').charAt(0);
  return first !== '' && FORMULA_CHAR.test(first);
}

/** A CSV cell that no spreadsheet will run: numbers stay numbers, formula-looking text gets a leading `'`. */
export function escapeCsvCell(value: string | number | null): string | number {
  if (value === null) return '';
  if (typeof value === 'number') return value;
  return looksLikeFormula(value) ? `'${value}` : value;
}

// Control characters other than tab and newline would garble a terminal or a rendered page.
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Inline Markdown text (a table cell, a list item, a heading): no HTML, no formatting, one line. */
export function escapeMarkdownCell(text: string, max = 200): string {
  const oneLine = truncate(text, max)
    .replace(CONTROL_CHARS, '�')
    .replace(/\r\n|\r|\n/g, ' ⏎ ');
  // Backslash first, so the escapes added after it are not escaped again.
  return escapeHtml(oneLine.replace(/[\\`*_[\]|~#]/g, (char) => `\\${char}`));
}

/**
 * The harness's own advice: escaped like a cell, except that complete code spans (`like this`)
 * stay code, so commands show as commands. Never for model text.
 */
export function escapeMarkdownKeepingCode(text: string, max = 600): string {
  // Cut between parts, never inside a code span: a half span would show as escaped text.
  const out: string[] = [];
  let used = 0;
  for (const part of text.split(/(`[^`\r\n]+`)/)) {
    const isCode = /^`[^`\r\n]+`$/.test(part);
    const length = Array.from(part).length;
    if (used + length > max) {
      if (!isCode) out.push(escapeMarkdownCell(truncate(part, Math.max(1, max - used)), Number.MAX_SAFE_INTEGER));
      else out.push('…');
      break;
    }
    out.push(isCode ? part : escapeMarkdownCell(part, Number.MAX_SAFE_INTEGER));
    used += length;
  }
  return out.join('');
}

/**
 * Multi-line model text shown verbatim (a raw reply): a fenced code block, so nothing in it is
 * rendered. The fence is longer than any run of backticks in the text, so the text cannot close it.
 */
export function escapeMarkdownBlock(text: string, max = 800, indent = ''): string {
  const body = truncate(text, max)
    .replace(CONTROL_CHARS, '�')
    .replace(/\r\n|\r/g, '\n');
  const longestBackticks = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longestBackticks + 1));
  return [fence, ...body.split('\n'), fence].map((line) => indent + line).join('\n');
}

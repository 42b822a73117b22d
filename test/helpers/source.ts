// Reading the harness's own source for the architecture tests: its TypeScript files, the string
// literals in them (comments left out) and the modules they import.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

export const ROOT = normalize(join(import.meta.dirname, '..', '..'));

/** Every .ts file under `dir` (relative to the repository root), sorted. */
export function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (path: string) => {
    for (const name of readdirSync(join(ROOT, path))) {
      const child = join(path, name);
      if (statSync(join(ROOT, child)).isDirectory()) walk(child);
      else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) files.push(child);
    }
  };
  walk(dir);
  return files.sort();
}

export const readSource = (file: string): string => readFileSync(join(ROOT, file), 'utf8');

/** Keywords after which a `/` starts a regular expression, not a division. */
const BEFORE_REGEX = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'void', 'yield', 'await', 'new']);

/**
 * The text of every string literal in `source`: '…', "…" and each literal part of a `…` template
 * (its ${…} expressions are read as code). Comments and regular expressions are skipped. A small
 * scanner, not a parser: enough for the harness's own code.
 */
export function stringLiterals(source: string): string[] {
  const literals: string[] = [];
  const templates: number[] = []; // brace depth at which each open template's ${ … } closes
  let depth = 0;
  let last = ''; // the last significant token: an identifier, a number, or one punctuation character
  let i = 0;
  const readTemplatePart = () => {
    // At the character after ` or after the } closing a ${ … }.
    let text = '';
    while (i < source.length) {
      const c = source[i];
      if (c === '\\') {
        text += source.slice(i, i + 2);
        i += 2;
      } else if (c === '`') {
        i++;
        literals.push(text);
        last = 'literal';
        return;
      } else if (c === '$' && source[i + 1] === '{') {
        i += 2;
        literals.push(text);
        templates.push(depth);
        depth++;
        last = '{';
        return;
      } else {
        text += c;
        i++;
      }
    }
    literals.push(text);
  };
  while (i < source.length) {
    const c = source[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '/' && source[i + 1] === '/') {
      i = source.indexOf('\n', i);
      if (i < 0) break;
    } else if (c === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      i = end < 0 ? source.length : end + 2;
    } else if (c === "'" || c === '"') {
      let text = '';
      i++;
      while (i < source.length && source[i] !== c) {
        if (source[i] === '\\') {
          text += source.slice(i, i + 2);
          i += 2;
        } else text += source[i++];
      }
      i++;
      literals.push(text);
      last = 'literal';
    } else if (c === '`') {
      i++;
      readTemplatePart();
    } else if (c === '}' && templates.length > 0 && templates[templates.length - 1] === depth - 1) {
      templates.pop();
      depth--;
      i++;
      readTemplatePart();
    } else if (c === '/' && (last === '' || /^[^\w)\]]$/.test(last) || BEFORE_REGEX.has(last))) {
      // A regular expression: up to the closing / outside a character class, then its flags.
      let inClass = false;
      i++;
      while (i < source.length) {
        const r = source[i];
        if (r === '\\') i += 2;
        else {
          if (r === '[') inClass = true;
          else if (r === ']') inClass = false;
          else if (r === '/' && !inClass) break;
          i++;
        }
      }
      i++;
      while (i < source.length && /[a-z]/i.test(source[i])) i++;
      last = 'literal';
    } else if (/[\w$]/.test(c)) {
      let word = '';
      while (i < source.length && /[\w$]/.test(source[i])) word += source[i++];
      last = word;
    } else {
      if (c === '{') depth++;
      else if (c === '}') depth--;
      last = c;
      i++;
    }
  }
  return literals;
}

/** The relative modules `file` imports (static, type-only, re-exports and dynamic `import('…')`), as repository paths. */
export function importsOf(file: string): string[] {
  const source = readSource(file);
  const specifiers = [
    ...source.matchAll(/^\s*(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/gm),
    ...source.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm),
    ...source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((match) => match[1]);
  return specifiers
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => relative(ROOT, join(ROOT, dirname(file), specifier.replace(/\.js$/, '.ts'))));
}

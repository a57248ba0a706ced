/**
 * Reading an environment file: YAML (js-yaml) → JSON Schema (ajv) → catalogue checks → typed,
 * frozen Environment. Every problem is collected and reported with its position; nothing throws
 * anything but an EnvironmentError.
 */
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { load, YAMLException } from 'js-yaml';
import { controlCharacterProblems } from './control-characters.js';
import type { Environment } from './environment.js';
import type { Layer } from './layering.js';
import { capProblems, EnvironmentError, type Problem } from './problems.js';
import { resolveEnvironment } from './resolve.js';
import { validateAgainstSchema } from './schema-validation.js';
import { semanticChecks } from './semantic-checks.js';
import { indexPositions } from './yaml-positions.js';

export const SCHEMA_COMMENT_PREFIX = '# yaml-language-server: $schema=';

/** An environment is a few kilobytes (the 9,000-user example: under 4 KiB); anything this large is not one, and would only cost time. */
export const MAX_ENVIRONMENT_BYTES = 256 * 1024;

/**
 * js-yaml reports an unclosed `[`, `{` or quote where it gives up (often the next line, as
 * "deficient indentation"): name the line that opened it.
 */
function syntaxHint(text: string, errorLine: number): string | undefined {
  const lines = text.split('\n').slice(0, errorLine);
  for (let i = lines.length - 1; i >= Math.max(0, lines.length - 3); i--) {
    const line = lines[i]!.replace(/(^|\s)#.*$/, '');
    const outsideQuotes = line.replace(/"[^"]*"|'[^']*'/g, '');
    // A quote that opens a value (not an apostrophe inside a word, as in "d'Exemple").
    if (/(^|[\s:[{,])["']/.test(outsideQuotes)) return `the quote opened on line ${i + 1} is not closed`;
    const opened = (outsideQuotes.match(/[[{]/g) ?? []).length - (outsideQuotes.match(/[\]}]/g) ?? []).length;
    if (opened > 0) return `the ${outsideQuotes.lastIndexOf('[') > outsideQuotes.lastIndexOf('{') ? '[' : '{'} opened on line ${i + 1} is not closed`;
  }
  return undefined;
}

/** The key js-yaml found twice (it points at the second one), and the line of the first, when found. */
function duplicateKey(text: string, line0: number, col0: number): { key?: string; firstLine?: number } {
  const lines = text.split('\n');
  const here = lines[line0] ?? '';
  const key = /^([^:"'\s,{}[\]]+)/.exec(here.slice(col0))?.[1];
  if (!key) return {};
  const indent = (l: string) => l.length - l.trimStart().length;
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const entry = new RegExp(`^\\s*(- )?["']?${escaped}["']?\\s*:`);
  // Flow mapping on one line: the first is earlier on the same line.
  if (here.slice(0, col0).match(new RegExp(`[{,]\\s*["']?${escaped}["']?\\s*:`))) return { key, firstLine: line0 + 1 };
  // Block mapping: the nearest line above at the same indentation, within the same mapping.
  if (indent(here) === col0 || /^["']$/.test(here[col0 - 1] ?? '')) {
    for (let i = line0 - 1; i >= 0; i--) {
      const l = lines[i]!;
      if (/^\s*(#.*)?$/.test(l)) continue;
      if (indent(l) < indent(here)) break;
      if (indent(l) === indent(here) && entry.test(l)) return { key, firstLine: i + 1 };
    }
  }
  return { key };
}

/** Parses and validates environment text; `file` names it in messages. */
export function parseEnvironment(text: string, file: string): Environment {
  // About what the file holds: its first line, where an editor jumps.
  const whole = (code: string, message: string, hint?: string): EnvironmentError =>
    new EnvironmentError([{ code, file, line: 1, col: 1, path: '', message, hint }]);

  // js-yaml reports an empty stream as a syntax error: an empty file (or one with only comments)
  // is a mistake of its own.
  if (/^\s*$/.test(text.replace(/^\s*#.*$/gm, ''))) throw whole('empty-file', 'the file is empty', 'start from environments/examples/pilot.yaml');

  let doc: unknown;
  try {
    doc = load(text, { filename: file, maxAliases: 0 });
  } catch (e) {
    if (e instanceof YAMLException && /single document/.test(e.reason)) {
      // js-yaml gives no position here: point at the marker that ends the first document
      // (`...`) or starts the second (`---`).
      const lines = text.split('\n');
      const markers = lines.flatMap((l, i) => (/^(---|\.\.\.)(\s|$)/.test(l) ? [i] : []));
      const firstContent = lines.findIndex((l) => !/^\s*(#.*)?$/.test(l));
      const second = markers.find((m) => m > firstContent) ?? markers[1] ?? 0;
      const ends = lines[second]?.startsWith('...');
      throw new EnvironmentError([
        {
          code: 'several-documents',
          file,
          line: second + 1,
          col: 1,
          path: '',
          message: ends ? 'the YAML document ends here (...), yet more follows: a second document' : 'the file holds more than one YAML document (--- starts another one)',
          hint: ends ? 'remove the ... line, or what follows it: keep one environment per file' : 'keep one environment per file',
        },
      ]);
    }
    if (e instanceof YAMLException && /complex keys/.test(e.reason)) {
      // Also without a position from js-yaml: the explicit-key indicator `?` opens the complex key.
      const lines = text.split('\n');
      const line = Math.max(0, lines.findIndex((l) => /^\s*\?(\s|$)/.test(l)));
      throw new EnvironmentError([
        { code: 'yaml-syntax', file, line: line + 1, col: Math.max(0, lines[line]!.indexOf('?')) + 1, path: '', message: 'a complex mapping key (? …): keys are plain field names', hint: 'write the key as a plain name followed by a colon' },
      ]);
    }
    if (e instanceof YAMLException) {
      const alias = /maxAliases/.test(e.reason);
      const duplicate = /duplicated mapping key/.test(e.reason);
      const twice = duplicate ? duplicateKey(text, e.mark?.line ?? 0, e.mark?.column ?? 0) : {};
      throw new EnvironmentError([
        {
          code: duplicate ? 'duplicate-key' : 'yaml-syntax',
          file,
          line: (e.mark?.line ?? 0) + 1,
          col: (e.mark?.column ?? 0) + 1,
          path: '',
          message: duplicate ? `${twice.key ? `key "${twice.key}"` : 'this key'} appears twice in the same mapping` : alias ? 'YAML aliases (*name) are not allowed' : `YAML syntax error: ${e.reason}`,
          hint: duplicate
            ? `keep one of the two entries${twice.firstLine ? `; the other is on line ${twice.firstLine}` : ''}`
            : alias
              ? 'environment files may not use YAML aliases: write values out'
              : /tab characters/.test(e.reason)
                ? 'indent with spaces, not tabs'
                : (syntaxHint(text, (e.mark?.line ?? 0) + 1) ?? 'check indentation, colons and quotes on this line and the one above'),
        },
      ]);
    }
    throw whole('yaml-syntax', `YAML could not be read: ${(e as Error).message}`);
  }
  if (doc === undefined || doc === null) throw whole('empty-file', 'the file is empty', 'start from environments/examples/pilot.yaml');
  if (typeof doc !== 'object' || Array.isArray(doc)) throw whole('not-a-mapping', `the file holds ${Array.isArray(doc) ? 'a list' : 'a single value'}, not an environment mapping`, 'start from environments/examples/pilot.yaml');

  const positions = indexPositions(text);
  const problems: Problem[] = [...validateAgainstSchema(doc, file, positions), ...controlCharacterProblems(doc, file, positions)];
  // The catalogue checks read cloud, cluster, backups and waivers: they run when those parts have
  // the right shape, so that a schema problem elsewhere (say `users: "1000"`) doesn't hide them.
  const CHECKED = /^(cloud|cluster|backups|waivers)([.[]|$)/;
  if (!problems.some((p) => CHECKED.test(p.path))) problems.push(...semanticChecks(doc, file, positions));
  if (problems.length > 0) throw new EnvironmentError(capProblems(problems));
  return resolveEnvironment(doc as Layer);
}

/** The file's bytes, refusing what is not a regular file of a reasonable size (a device, a FIFO, a folder). */
function readEnvironmentBytes(path: string, fail: (code: string, message: string, hint: string) => never): Buffer {
  let stat;
  try {
    stat = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') fail('file-not-found', 'no such file', 'check the path, or give a name from environments/ (e.g. pilot)');
    if (code === 'ELOOP') fail('symlink-loop', 'this is a symbolic link that points back at itself (a loop)', 'name the real file');
    if (code === 'EACCES') fail('file-unreadable', "the file can't be read (permission denied)", 'check its permissions');
    return fail('file-unreadable', `the file can't be read (${code ?? 'error'})`, 'check the path');
  }
  if (stat.isDirectory()) fail('not-a-file', 'this is a folder, not an environment file', 'name a .yaml file');
  // Checked before opening: opening a FIFO blocks until a writer comes, and a device never ends.
  if (!stat.isFile()) fail('not-a-file', 'this is not a regular file (a device, a pipe or a socket)', 'name a .yaml file');
  if (stat.size > MAX_ENVIRONMENT_BYTES) fail('file-too-large', `the file has ${stat.size} bytes; an environment has at most ${MAX_ENVIRONMENT_BYTES}`, 'an environment file is a few kilobytes: check that this is the right file');
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    // Read at most one byte past the limit, whatever the file grew to since stat.
    const size = Math.min(fstatSync(fd).size, MAX_ENVIRONMENT_BYTES + 1);
    const buffer = Buffer.alloc(size);
    const read = readSync(fd, buffer, 0, size, 0);
    if (read > MAX_ENVIRONMENT_BYTES) fail('file-too-large', `the file has more than ${MAX_ENVIRONMENT_BYTES} bytes`, 'an environment file is a few kilobytes: check that this is the right file');
    return buffer.subarray(0, read);
  } catch (e) {
    if (e instanceof EnvironmentError) throw e;
    return fail('file-unreadable', `the file can't be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`, 'check its permissions');
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** UTF-8 text, or the position of the first byte that is not UTF-8 (a Latin-1 "é", a UTF-16 file). */
function decodeUtf8(bytes: Buffer, file: string): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new EnvironmentError([{ code: 'not-utf8', file, line: 1, col: 1, path: '', message: 'the file is UTF-16 text; environment files are UTF-8', hint: 'save it as UTF-8 (iconv -f UTF-16 -t UTF-8)' }]);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Where the lenient decoder had to put its first replacement character is where the bad byte is.
    const lenient = new TextDecoder('utf-8').decode(bytes);
    const at = lenient.indexOf('\uFFFD');
    const before = lenient.slice(0, Math.max(0, at));
    const line = before.split('\n').length;
    const col = before.length - before.lastIndexOf('\n');
    throw new EnvironmentError([
      { code: 'not-utf8', file, line, col, path: '', message: 'the file is not UTF-8 text here (a Latin-1 or Windows-1252 file?)', hint: 'save the file as UTF-8 (iconv -f LATIN1 -t UTF-8)' },
    ]);
  }
}

/** Reads and validates an environment file; messages name it `shownAs` (default: its path). */
export function loadEnvironmentFile(path: string, shownAs = path): Environment {
  const file = shownAs;
  const fail = (code: string, message: string, hint: string): never => {
    throw new EnvironmentError([{ code, file, line: 0, col: 0, path: '', message, hint }]);
  };
  return parseEnvironment(decodeUtf8(readEnvironmentBytes(path, fail), file), file);
}

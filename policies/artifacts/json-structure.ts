/**
 * One linear pass over JSON text, without building it: how deep its objects and arrays nest (checked
 * before JSON.parse and before anything walks the result recursively) and where the first key written
 * twice in one object is (JSON.parse keeps the last silently).
 */

export interface JsonStructure {
  /** The deepest nesting of `{`/`[` (strings skipped); counted on any text, valid JSON or not. */
  depth: number;
  /**
   * Offset of the first duplicate key, just after its opening quote; meaningful only for text
   * JSON.parse accepts. "First" is the order js-yaml v5.5.0 refused them in (constructor.ts: a pair
   * is checked once its value is built), which earlier versions of this check used: a duplicate
   * inside the value of another duplicate is reported before it.
   */
  duplicateKeyAt?: number;
}

interface ObjectFrame {
  keys: Set<string>;
  /** The next string is a key (after `{` or `,`). */
  expectingKey: boolean;
  /** The current key repeats an earlier one: reported once its value ends. */
  duplicateAt: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

export function jsonStructure(text: string): JsonStructure {
  let depth = 0;
  let max = 0;
  let duplicateKeyAt: number | undefined;
  // One entry per open `{` (a frame) or `[` (null).
  const open: (ObjectFrame | null)[] = [];
  const valueEnded = (frame: ObjectFrame | null | undefined) => {
    if (frame && frame.duplicateAt >= 0 && duplicateKeyAt === undefined) duplicateKeyAt = frame.duplicateAt;
  };
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const start = i;
      let escaped = false;
      for (i += 1; i < text.length; i += 1) {
        const s = text.charCodeAt(i);
        if (s === BACKSLASH) {
          escaped = true;
          i += 1;
        } else if (s === QUOTE) break;
      }
      const frame = open[open.length - 1];
      if (duplicateKeyAt === undefined && frame && frame.expectingKey) {
        frame.expectingKey = false;
        // `"a"` and `"\u0061"` are one key: escapes are read as JSON.parse reads them.
        const key = escaped ? decodeKey(text.slice(start, i + 1)) : text.slice(start + 1, i);
        if (frame.keys.has(key)) frame.duplicateAt = start + 1;
        else frame.keys.add(key);
      }
    } else if (c === 0x7b || c === 0x5b) {
      max = Math.max(max, ++depth);
      open.push(c === 0x7b ? { keys: new Set(), expectingKey: true, duplicateAt: -1 } : null);
    } else if (c === 0x7d || c === 0x5d) {
      depth -= 1;
      valueEnded(open.pop());
    } else if (c === 0x2c) {
      const frame = open[open.length - 1];
      valueEnded(frame);
      if (frame) frame.expectingKey = true;
    }
  }
  return duplicateKeyAt === undefined ? { depth: max } : { depth: max, duplicateKeyAt };
}

function decodeKey(quoted: string): string {
  try {
    return JSON.parse(quoted) as string;
  } catch {
    // Not valid JSON: JSON.parse refuses the whole text, so this key is never reported.
    return quoted;
  }
}

/** 1-based line and column of an offset, counting line breaks as YAML does (`\n`, `\r\n`, `\r`), the way earlier messages gave them. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
      line += 1;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

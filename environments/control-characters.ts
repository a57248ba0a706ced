/**
 * No key or value of an environment may hold a control character or a bidirectional override:
 * socle prints them (problems, reports, the check verdict) and writes them into other programs'
 * configuration, where a newline forges a line, an ANSI/OSC sequence repaints the terminal and a
 * right-to-left override shows text other than what is there.
 */
import type { Problem } from './problems.js';
import { pathToString, type PositionIndex } from './yaml-positions.js';

/** C0 and C1 controls (tab included: no field needs one), and the Unicode bidi controls; `socle check` escapes them in what it prints (policies/report/printable.ts). */
export const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

function named(c: string): string {
  return `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

export function controlCharacterProblems(doc: unknown, file: string, positions: PositionIndex): Problem[] {
  const problems: Problem[] = [];
  const visit = (value: unknown, segments: (string | number)[]): void => {
    if (typeof value === 'string') {
      const found = FORBIDDEN.exec(value)?.[0];
      if (found !== undefined) {
        const path = pathToString(segments);
        problems.push({ code: 'control-character', file, ...positions.find(path, 'value'), path, message: `the value holds the control character ${named(found)}`, hint: 'write plain text: no control characters, line breaks or direction overrides' });
      }
      return;
    }
    if (Array.isArray(value)) return value.forEach((v, i) => visit(v, [...segments, i]));
    if (value && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        const found = FORBIDDEN.exec(key)?.[0];
        if (found !== undefined) {
          const path = pathToString([...segments, key]);
          problems.push({ code: 'control-character', file, ...positions.find(path, 'key'), path, message: `the key holds the control character ${named(found)}`, hint: 'keys are plain field names' });
          continue;
        }
        visit(v, [...segments, key]);
      }
    }
  };
  visit(doc, []);
  return problems;
}

/**
 * Source positions of the nodes of a YAML document, by field path, from js-yaml's event stream:
 * messages can then point at `file:line:col` of the very key or value at fault.
 */
import { EVENT_ID, getScalarValue, parseEvents, type Event } from 'js-yaml';

export interface Position {
  line: number;
  col: number;
}

export interface NodePositions {
  /** Where the key of a mapping entry stands (for "unknown key"). */
  key: Position;
  /** Where the value starts (for "wrong type", "out of range"). */
  value: Position;
}

/** Path segments → "a.b[0].c". */
export function pathToString(segments: readonly (string | number)[]): string {
  let out = '';
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : out === '' ? s : `.${s}`;
  return out;
}

export class PositionIndex {
  private readonly lineStarts: number[] = [0];
  readonly byPath = new Map<string, NodePositions>();

  constructor(
    private readonly source: string,
    lineStarts?: number[],
  ) {
    if (lineStarts) this.lineStarts = lineStarts;
    else for (let i = 0; i < source.length; i++) if (source[i] === '\n') this.lineStarts.push(i + 1);
  }

  /** An empty index over the same source, for its next document (the line table is shared). */
  sibling(): PositionIndex {
    return new PositionIndex(this.source, this.lineStarts);
  }

  at(offset: number): Position {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    // A byte-order mark (files saved by some Windows editors) is no column for the reader.
    const bom = lo === 0 && this.source.charCodeAt(0) === 0xfeff && offset > 0 ? 1 : 0;
    return { line: lo + 1, col: offset - this.lineStarts[lo]! + 1 - bom };
  }

  /** The offset in the source of a position `at` gave. */
  offset(position: Position): number {
    const bom = position.line === 1 && this.source.charCodeAt(0) === 0xfeff ? 1 : 0;
    return this.lineStarts[position.line - 1]! + position.col - 1 + bom;
  }

  /** The position of a path, or of its nearest ancestor that has one. */
  find(path: string, which: keyof NodePositions = 'value'): Position {
    let p = path;
    for (;;) {
      const hit = this.byPath.get(p);
      if (hit) return hit[which];
      if (p === '') return { line: 1, col: 1 };
      const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
      p = cut > 0 ? p.slice(0, cut) : '';
    }
  }
}

function startOf(e: Event): number {
  switch (e.type) {
    case EVENT_ID.SCALAR:
      return e.valueStart;
    case EVENT_ID.MAPPING:
    case EVENT_ID.SEQUENCE:
      return e.start;
    case EVENT_ID.ALIAS:
      return e.anchorStart;
    default:
      return 0;
  }
}

/** Parses `source` (which must already be known to parse) and indexes every node of its first document by path. */
export function indexPositions(source: string): PositionIndex {
  return indexDocuments(source, parseEvents(source, {}), 1)[0] ?? new PositionIndex(source);
}

/**
 * One index per document of a multi-document stream (`---`-separated manifests), in order; an
 * empty document gets an empty index, so that the n-th index is the n-th document js-yaml loads.
 * `events` are `source`'s, parsed already when it was read (policies/artifacts/yaml-events.ts).
 */
export function indexDocuments(source: string, events: readonly Event[] = parseEvents(source, {}), limit = Infinity): PositionIndex[] {
  const indices: PositionIndex[] = [];
  let index = new PositionIndex(source);
  let i = 0;

  const walk = (segments: (string | number)[], keyPos: Position): void => {
    const e = events[i++]!;
    // An empty value (`key:` or `key: # comment`) has no start of its own: point at its key.
    const start = startOf(e);
    const here = start >= 0 ? index.at(start) : keyPos;
    index.byPath.set(pathToString(segments), { key: keyPos, value: here });
    if (e.type === EVENT_ID.MAPPING) {
      while (events[i]?.type !== EVENT_ID.POP) {
        const k = events[i]!;
        const kStart = startOf(k);
        const kPos = kStart >= 0 ? index.at(kStart) : here;
        const name = k.type === EVENT_ID.SCALAR ? getScalarValue(source, k) : '?';
        if (k.type === EVENT_ID.SCALAR) i++;
        else skip();
        walk([...segments, name], kPos);
      }
      i++;
    } else if (e.type === EVENT_ID.SEQUENCE) {
      let n = 0;
      while (events[i]?.type !== EVENT_ID.POP) {
        const item = events[i]!;
        const start = startOf(item);
        walk([...segments, n++], start >= 0 ? index.at(start) : here);
      }
      i++;
    }
  };

  // Skips one whole node (a complex key).
  const skip = (): void => {
    const e = events[i++]!;
    if (e.type === EVENT_ID.MAPPING || e.type === EVENT_ID.SEQUENCE) {
      while (events[i]?.type !== EVENT_ID.POP) skip();
      i++;
    }
  };

  while (i < events.length && indices.length < limit) {
    const e = events[i]!;
    i++;
    if (e.type !== EVENT_ID.DOCUMENT) continue;
    if (indices.length > 0) index = index.sibling();
    // The first document starts the file; a later one starts where its root node does.
    const root = events[i];
    if (root && root.type !== EVENT_ID.POP) walk([], indices.length === 0 || startOf(root) < 0 ? { line: 1, col: 1 } : index.at(startOf(root)));
    indices.push(index);
  }
  return indices;
}

/**
 * Where a finding's evidence stands in a file an engineer can open: a URI relative to a root (the
 * repository, for code scanning) and the line and column of the offending field. Manifests and
 * Terraform JSON are located in the files socle wrote; the environment's own fields in the YAML
 * file it was loaded from, when that file is known (the resolved `environment.json` is generated).
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Event } from 'js-yaml';
import { indexDocuments, pathToString, type Position, type PositionIndex } from '../../environments/yaml-positions.js';
import type { ArtifactFile } from '../artifacts/artifacts.js';
import { yamlEventsOf } from '../artifacts/yaml-events.js';
import type { Evidence } from '../policy.js';

export interface SourceLocation {
  /** Relative to the root, `/`-separated (`out/metropole-9000/manifests/60-jitsi.yaml`), or a `file:` URI outside it. */
  uri: string;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units (SARIF's default `columnKind`). */
  column: number;
}

export type EvidenceLocator = (evidence: Evidence) => SourceLocation;

export interface EvidenceSources {
  /** Absolute path URIs are made relative to: the current directory, or `--sarif-root`. */
  root: string;
  /** Absolute path of the artifacts folder: where the checked folder is, or where `socle synth` writes it. */
  artifactsDir: string;
  /** The current directory, which plan and waivers file paths are relative to. */
  cwd: string;
  /** The files checked: artifacts by their path in the folder, plans by the path given. */
  files: readonly ArtifactFile[];
  /** Other files evidence may name (waivers files), by the path given. */
  others?: ReadonlyMap<string, string>;
  /** The environment YAML the checked `environment.json` was resolved from: its findings point there. */
  environment?: { path: string; text: string };
}

/** `~1` and `~0` undone (RFC 6901 §4). */
function tokens(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * The position of the deepest node a pointer reaches: its key (the line an editor jumps to), the
 * item's start for an item of a list. A numeric token is tried as a list index, then as a key.
 */
function position(index: PositionIndex | undefined, pointerTokens: readonly string[]): Position {
  if (!index) return { line: 1, col: 1 };
  let segments: (string | number)[] = [];
  let found = index.byPath.get('');
  for (const token of pointerTokens) {
    const candidates: (string | number)[] = /^\d+$/.test(token) ? [Number(token), token] : [token];
    const next = candidates.map((c) => [...segments, c]).find((s) => index.byPath.has(pathToString(s)));
    if (!next) break;
    segments = next;
    found = index.byPath.get(pathToString(next));
  }
  return found?.key ?? { line: 1, col: 1 };
}

/** 1 when a quoted key starts at the quote (js-yaml places a quoted scalar after it): `"region": …` is read from its `"`. */
function quoteBefore(text: string, index: PositionIndex | undefined, at: Position): number {
  if (!index || at.col < 2) return 0;
  const c = text[index.offset(at) - 1];
  return c === '"' || c === "'" ? 1 : 0;
}

export function evidenceLocator(sources: EvidenceSources): EvidenceLocator {
  // `events`: a manifest's, as it was read; other files are parsed when a finding points into them.
  const texts = new Map<string, { absolute: string; text: string; events?: Event[] | undefined }>();
  for (const f of sources.files) texts.set(f.path, { absolute: resolve(f.kind === 'artifact' ? sources.artifactsDir : sources.cwd, f.path), text: f.content, events: yamlEventsOf(f) });
  for (const [path, text] of sources.others ?? []) texts.set(path, { absolute: resolve(sources.cwd, path), text });
  // The environment's fields are edited in its YAML file, not in the generated environment.json.
  if (sources.environment) texts.set('environment.json', { absolute: resolve(sources.cwd, sources.environment.path), text: sources.environment.text });

  const indices = new Map<string, PositionIndex[]>();
  const documents = (file: string, known: { text: string; events?: Event[] | undefined }) => {
    let cached = indices.get(file);
    if (!cached) indices.set(file, (cached = indexDocuments(known.text, known.events)));
    return cached;
  };
  const uriOf = (absolute: string) => {
    const rel = relative(sources.root, absolute);
    return rel.startsWith('..') || isAbsolute(rel) ? pathToFileURL(absolute).href : rel.split(sep).map(encodeURIComponent).join('/');
  };

  return (evidence) => {
    const known = texts.get(evidence.file);
    const uri = uriOf(known?.absolute ?? resolve(sources.cwd, evidence.file));
    if (evidence.line !== undefined) return { uri, line: evidence.line, column: 1 };
    if (!known) return { uri, line: 1, column: 1 };
    // Manifests: `#<document>/<pointer>`; JSON (a YAML document too) and the environment: the pointer alone.
    const manifest = /^#(\d+)(.*)$/.exec(evidence.pointer);
    const docs = documents(evidence.file, known);
    const at = position(docs[manifest ? Number(manifest[1]) : 0], tokens(manifest ? manifest[2]! : evidence.pointer));
    return { uri, line: at.line, column: at.col - quoteBefore(known.text, docs[0], at) };
  };
}

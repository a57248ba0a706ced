/**
 * Parsing artifact text the way the program that applies it does, failing closed where socle's
 * reading would differ. Error messages give a position, never a quote of the content.
 */
import { boolYaml11Tag, constructFromEvents, FAILSAFE_SCHEMA, floatYaml11Tag, intYaml11Tag, load, mergeTag, nullYaml11Tag, parseEvents, Schema, type Event } from 'js-yaml';
import { ArtifactError } from './artifacts.js';
import { LIMITS } from './input-limits.js';
import { jsonStructure, lineAndColumn } from './json-structure.js';

/**
 * kubectl reads manifests with sigs.k8s.io/yaml (cli-runtime v0.32.4 pkg/resource/visitor.go →
 * apimachinery v0.32.4 pkg/util/yaml/decoder.go `ToJSON` → sigs.k8s.io/yaml v1.4.0 yaml.go:146
 * `YAMLToJSON`), which resolves plain scalars with go-yaml v2, i.e. YAML 1.1: `yes/Yes/YES/y/Y/on/On/ON`
 * are true and `no/n/off…` false (sigs.k8s.io/yaml v1.4.0 goyaml.v2/resolve.go:37-42), `0777` is
 * octal, `<<` merges. js-yaml's YAML 1.1 tags resolve exactly those lists. Timestamps, `!!binary`,
 * `!!omap`/`!!pairs`/`!!set` are left out: a manifest using them is refused (socle writes none).
 */
const KUBECTL_YAML = new Schema([...FAILSAFE_SCHEMA.tags, nullYaml11Tag, boolYaml11Tag, intYaml11Tag, floatYaml11Tag, mergeTag]);

/** js-yaml's reason and position, without the source excerpt it appends. */
function yamlReason(e: unknown): string {
  const { reason, mark } = e as { reason?: string; mark?: { line: number; column: number } };
  const at = mark ? ` at line ${mark.line + 1}, column ${mark.column + 1}` : '';
  return `${reason ?? (e as Error).message.split('\n')[0]}${at}`;
}

/** Position of a JSON.parse error, from V8's message (`… at position 12 (line 2 column 3)`), without its quote of the text. */
function jsonPosition(message: string, text: string): string {
  const position = /at position (\d+)/.exec(message);
  if (!position) return /Unexpected end/.test(message) ? ' (it ends too early)' : '';
  const offset = Number(position[1]);
  const before = text.slice(0, offset).split('\n');
  return ` at line ${before.length}, column ${before[before.length - 1]!.length + 1}`;
}

/**
 * Strict JSON, with the duplicate keys JSON.parse would silently drop refused: Terraform's JSON
 * syntax keeps every duplicate as another block (checked with terraform v1.11.4: two top-level
 * `resource` keys plan both resources), so reading only the last would miss resources.
 */
export function parseJson(file: string, text: string): unknown {
  const { depth, duplicateKeyAt } = jsonStructure(text);
  if (depth > LIMITS.nesting) throw new ArtifactError(`${file}: nested ${depth} levels deep, more than the ${LIMITS.nesting} a check reads`);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ArtifactError(`${file}: not valid JSON${jsonPosition((e as Error).message, text)}`);
  }
  if (duplicateKeyAt !== undefined) {
    const { line, column } = lineAndColumn(text, duplicateKeyAt);
    throw new ArtifactError(`${file}: duplicated mapping key at line ${line}, column ${column}: a key written twice (Terraform and kubectl would read both or the last; check refuses to guess)`);
  }
  return doc;
}

/** A YAML manifest as read: its documents, and the parser's events they were built from (the SARIF positions index the same events). */
export interface ParsedManifest {
  documents: unknown[];
  events: Event[];
}

/**
 * The documents of a YAML manifest, read as kubectl reads them; aliases are refused (an alias bomb
 * expands exponentially). Parse and construction are js-yaml v5.5.0's `loadAll` in its two steps
 * (src/loader.ts `loadDocuments`), so that the events can be kept.
 */
export function parseManifestYaml(file: string, text: string): ParsedManifest {
  try {
    const events = parseEvents(text, { filename: file, maxDepth: LIMITS.nesting });
    const documents = constructFromEvents(events, { source: text, filename: file, schema: KUBECTL_YAML, maxAliases: 0 });
    if (documents.length > LIMITS.objects) throw new ArtifactError(`${file}: more than ${LIMITS.objects} Kubernetes objects in the manifests: not a folder socle wrote`);
    return { documents, events };
  } catch (e) {
    if (e instanceof ArtifactError) throw e;
    const why = yamlReason(e);
    const hint = /maxAliases/.test(why) ? ' (YAML aliases are not accepted in manifests: socle writes none; expand them)' : '';
    throw new ArtifactError(`${file}: not valid YAML for a check: ${why}${hint}`);
  }
}

/** A waivers file: YAML (core schema), bounded like every input. */
export function parseWaiversYaml(file: string, text: string): unknown {
  try {
    return load(text, { filename: file, maxDepth: LIMITS.nesting, maxAliases: 0 });
  } catch (e) {
    throw new ArtifactError(`${file}: not valid YAML (${yamlReason(e)})`);
  }
}

/**
 * The js-yaml events each YAML manifest was read from, kept with its ArtifactFile for as long as
 * the artifacts live: the SARIF positions (report/locate-evidence.ts) index these events instead of
 * parsing the manifest a second time. A file without kept events is parsed when a finding needs it.
 */
import type { Event } from 'js-yaml';
import type { ArtifactFile } from './artifacts.js';

const kept = new WeakMap<ArtifactFile, Event[]>();

export function keepYamlEvents(file: ArtifactFile, events: Event[]): void {
  kept.set(file, events);
}

/** The events `file.content` was parsed into, when read-artifacts.ts kept them. */
export function yamlEventsOf(file: ArtifactFile): Event[] | undefined {
  return kept.get(file);
}

/**
 * The data map as a graph, for the Mermaid flowchart (Markdown) and the inline SVG (HTML): the
 * authority's users → each app → each store and each third party; socle's deployment and the
 * cluster platform → the places only they reach (state, registries, node software, the CA).
 */
import type { DataMap, DataPlace, PlaceVerdict } from './data-map.js';

export type GraphNodeKind = 'users' | 'app' | 'part' | 'place';

export interface GraphNode {
  id: string;
  kind: GraphNodeKind;
  /** Lines of the label; folder-provided text, to be escaped by each renderer. */
  label: string[];
  /** For places: drawn as a store (regions, object storage, backups, state) or a service. */
  store?: boolean;
  verdict?: PlaceVerdict;
}

export interface DataGraph {
  nodes: GraphNode[];
  edges: { from: string; to: string }[];
}

const APPS = ['nextcloud', 'onlyoffice', 'rocketchat', 'wekan', 'jitsi'];
const STORES = new Set<DataPlace['role']>(['region', 'object-storage', 'backup', 'state']);

/** `socle deployment` for the environment and the Terraform stacks, `cluster platform` for everything that is not an app. */
function partNode(from: string): string {
  if (APPS.includes(from)) return `app-${from}`;
  return from === 'environment' || /^(terraform|plan)\//.test(from) ? 'deployment' : 'platform';
}

export function dataGraph(map: DataMap, authority: string, words: { users: string; deployment: string; platform: string; uses: (uses: readonly DataPlace['uses'][number][]) => string }): DataGraph {
  const nodes: GraphNode[] = [{ id: 'users', kind: 'users', label: [words.users, authority] }];
  const edges: { from: string; to: string }[] = [];
  const edge = (from: string, to: string) => {
    if (!edges.some((e) => e.from === from && e.to === to)) edges.push({ from, to });
  };
  const parts = new Set(map.places.flatMap((p) => p.from.map(partNode)));
  for (const app of APPS.filter((a) => parts.has(`app-${a}`))) {
    nodes.push({ id: `app-${app}`, kind: 'app', label: [app] });
    edge('users', `app-${app}`);
  }
  if (parts.has('platform')) nodes.push({ id: 'platform', kind: 'part', label: [words.platform] });
  if (parts.has('deployment')) nodes.push({ id: 'deployment', kind: 'part', label: [words.deployment] });
  map.places.forEach((place, i) => {
    const id = `place-${i}`;
    const operator = place.operator ? `${place.operator}${place.operatorCountry ? ` (${place.operatorCountry})` : ''}` : '?';
    nodes.push({ id, kind: 'place', label: [place.where, words.uses(place.uses), operator], store: STORES.has(place.role), verdict: place.verdict });
    for (const from of place.from) edge(partNode(from), id);
    // The apps' volumes and databases live in the region their cluster runs in.
    if (place.role === 'region') for (const app of APPS.filter((a) => parts.has(`app-${a}`))) edge(`app-${app}`, id);
  });
  return { nodes, edges };
}

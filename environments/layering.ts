/** Deep merge of environment layers: mappings merge recursively, sequences and scalars replace. */

export type Layer = Record<string, unknown>;

function isMapping(value: unknown): value is Layer {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function layer(...layers: Layer[]): Layer {
  const result: Layer = {};
  for (const l of layers) {
    for (const [key, value] of Object.entries(l)) {
      if (value === undefined) continue;
      const current = result[key];
      result[key] = isMapping(current) && isMapping(value) ? layer(current, value) : structuredClone(value);
    }
  }
  return result;
}

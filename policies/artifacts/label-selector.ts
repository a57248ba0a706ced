/** Kubernetes label selectors (matchLabels + matchExpressions), as PodDisruptionBudgets use them. */
import { dig, isObject } from './json.js';

export function selectorMatches(selector: unknown, labels: Record<string, string>): boolean {
  if (!isObject(selector)) return false;
  const matchLabels = dig(selector, 'matchLabels');
  const expressions = dig(selector, 'matchExpressions');
  const hasTerms = (isObject(matchLabels) && Object.keys(matchLabels).length > 0) || (Array.isArray(expressions) && expressions.length > 0);
  // An empty selector selects every pod of the namespace.
  if (!hasTerms) return true;
  if (isObject(matchLabels) && !Object.entries(matchLabels).every(([k, v]) => labels[k] === String(v))) return false;
  return (Array.isArray(expressions) ? expressions : []).every((e) => {
    const key = String(dig(e, 'key'));
    const values = Array.isArray(dig(e, 'values')) ? (dig(e, 'values') as unknown[]).map(String) : [];
    switch (dig(e, 'operator')) {
      case 'In':
        return key in labels && values.includes(labels[key]!);
      case 'NotIn':
        return !(key in labels) || !values.includes(labels[key]!);
      case 'Exists':
        return key in labels;
      case 'DoesNotExist':
        return !(key in labels);
      default:
        return false;
    }
  });
}

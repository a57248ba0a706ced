/**
 * Environment values as Terraform literals. Terraform and OpenTofu read every JSON string as a
 * template: `${…}` is an expression and `%{…}` a directive, so an SSH key comment or an image name
 * holding `${file("/etc/passwd")}` would be evaluated at plan time, on the operator's machine, into
 * the nodes' user data. `$${` and `%%{` are the templates' escapes for the literal characters
 * (OpenTofu docs language/expressions/strings.mdx, "Escape Sequences"; JSON syntax: the same
 * template rules apply to string values). Applied to the whole environment before the stacks read
 * it, so that no value of it can become an expression; socle's own references are added after.
 */
import type { Environment } from '../environments/environment.js';

function escape(value: unknown): unknown {
  if (typeof value === 'string') return value.replaceAll('${', () => '$${').replaceAll('%{', () => '%%{');
  if (Array.isArray(value)) return value.map(escape);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escape(v)]));
  return value;
}

export function terraformLiterals(env: Environment): Environment {
  return escape(env) as Environment;
}

/** The command line of `npm run tools`, checked: a bad option gets its fix, not a stack trace. */
import { parseArgs } from 'node:util';

export interface ToolsOptions {
  json: boolean;
  noBuild: boolean;
  budgetSeconds?: number;
  only?: string[];
  help: boolean;
}

export const usage = `usage: npm run tools -- [--json] [--no-build] [--budget-seconds N] [--only a,b]
  builds (or finds in the cache) the real tools test:real runs, from the recipes in scripts/tools/recipes/
  --json              print one JSON object on the last line of stdout: each tool's path and version, or why it is missing
  --no-build          report what the cache holds; build nothing
  --budget-seconds N  start no build that would end after N s (also SOCLE_TOOLS_BUDGET_SECONDS)
  --only a,b          only these tools
  cache: $SOCLE_TOOLS_CACHE, default ~/.cache/socle-tools`;

export class UsageError extends Error {}

export function parseToolsOptions(argv: string[], env: NodeJS.ProcessEnv, toolNames: string[]): ToolsOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { json: { type: 'boolean' }, 'no-build': { type: 'boolean' }, 'budget-seconds': { type: 'string' }, only: { type: 'string' }, help: { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const budgetText = parsed['budget-seconds'] ?? env['SOCLE_TOOLS_BUDGET_SECONDS'];
  const budgetSeconds = budgetText === undefined || budgetText === '' ? undefined : Number(budgetText);
  if (budgetSeconds !== undefined && !(Number.isInteger(budgetSeconds) && budgetSeconds > 0)) {
    throw new UsageError(`--budget-seconds (or SOCLE_TOOLS_BUDGET_SECONDS) is "${budgetText}": give a whole number of seconds, e.g. --budget-seconds 3600`);
  }
  const only = parsed.only?.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const unknown = only?.filter((n) => !toolNames.includes(n)) ?? [];
  if (unknown.length > 0) throw new UsageError(`--only: no tool named ${unknown.join(', ')}; the tools are ${toolNames.join(', ')}`);
  return { json: parsed.json ?? false, noBuild: parsed['no-build'] ?? false, budgetSeconds, only, help: parsed.help ?? false };
}

/** kubectl as `socle deploy` finds it (SOCLE_KUBECTL, else PATH), the tools cache's first when it has one. */
import { builtTool, type ProgramAvailability } from '../harness/program-suite.js';
import { isToolProblem, resolveTool, type ResolvedTool } from '../../../scripts/operate/tools/resolve-tools.js';
import { formatVersion } from '../../../scripts/operate/tools/tool-catalogue.js';

export async function kubectlForSuite(): Promise<{ availability: ProgramAvailability; tool?: ResolvedTool }> {
  const built = builtTool('kubectl');
  const resolved = await resolveTool('kubectl', built.path ? { ...process.env, SOCLE_KUBECTL: built.path } : process.env, process.cwd());
  if (isToolProblem(resolved)) return { availability: { missing: `${resolved.message}${built.missing ? `; tools cache: ${built.missing}` : ''}` } };
  return { availability: { version: formatVersion(resolved.version) }, tool: resolved };
}

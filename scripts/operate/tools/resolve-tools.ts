/**
 * Which binary runs each tool: `SOCLE_TOFU` / `SOCLE_PULUMI` / `SOCLE_KUBECTL` when set (a path, or
 * a name looked up on PATH), else the first candidate found on PATH.
 */
import { execa } from 'execa';
import { basename } from 'node:path';
import { findExecutable } from './find-executable.js';
import { compareVersions, formatVersion, TOOLS, type ToolName, type Version } from './tool-catalogue.js';

export interface ResolvedTool {
  name: ToolName;
  path: string;
  /** OpenTofu, Terraform, Pulumi, kubectl. */
  product: string;
  version: Version;
}

export type ResolvedTools = Partial<Record<ToolName, ResolvedTool>>;

export interface ToolProblem {
  tool: ToolName;
  message: string;
  hint: string;
}

function locateTool(name: ToolName, env: NodeJS.ProcessEnv, cwd: string): string | ToolProblem {
  const spec = TOOLS[name];
  const configured = env[spec.envVar];
  if (configured) {
    return findExecutable(configured, env, cwd) ?? { tool: name, message: `${spec.envVar}=${configured}: no executable found there`, hint: spec.installHint };
  }
  for (const candidate of spec.candidates) {
    const found = findExecutable(candidate, env, cwd);
    if (found) return found;
  }
  return { tool: name, message: `${spec.candidates.join(' or ')} not found on PATH`, hint: spec.installHint };
}

/** Locates the binary, asks its version and checks it against the supported minimum. */
export async function resolveTool(name: ToolName, env: NodeJS.ProcessEnv, cwd: string): Promise<ResolvedTool | ToolProblem> {
  const spec = TOOLS[name];
  const path = locateTool(name, env, cwd);
  if (typeof path !== 'string') return path;
  const result = await execa(path, spec.versionArgs, { cwd, env: { ...env, CHECKPOINT_DISABLE: '1', PULUMI_SKIP_UPDATE_CHECK: 'true' }, extendEnv: false, reject: false, stdin: 'ignore', timeout: 30_000 });
  const parsed = result.exitCode === 0 ? spec.parseVersion(String(result.stdout)) : undefined;
  if (!parsed) {
    return { tool: name, message: `${path} ${spec.versionArgs.join(' ')} did not report a version (exit ${result.exitCode ?? result.code ?? '?'})`, hint: spec.installHint };
  }
  const minimum = spec.minimum[parsed.product];
  if (!minimum) return { tool: name, message: `${basename(path)} is ${parsed.product}, which socle does not drive`, hint: spec.installHint };
  if (compareVersions(parsed.version, minimum) < 0) {
    return { tool: name, message: `${parsed.product} ${formatVersion(parsed.version)} at ${path} is too old (${formatVersion(minimum)} or newer needed)`, hint: spec.installHint };
  }
  return { name, path, product: parsed.product, version: parsed.version };
}

export function isToolProblem(value: ResolvedTool | ToolProblem): value is ToolProblem {
  return 'hint' in value;
}

/**
 * A throwaway main module that requires the module to build and names its commands as `tool`s.
 *
 * `go install pkg@version` refuses a module whose go.mod has `replace` directives, and when the
 * module is a dependency instead of the main module its replaces are ignored (Go modules reference,
 * "replace directive": "replace directives only apply in the main module's go.mod file"). So the
 * wrapper repeats them: a module-to-module replace as it is; a replace by a local directory (a
 * sibling module of a monorepo, e.g. k8s.io/kubernetes' staging/ or etcd's ../api) becomes the
 * published release of that sibling that the recipe names, or is dropped when the recipe says the
 * required version already is that release. A module whose build needs generated files is built
 * from a copy of its tree (go-build.ts `generate`), which the wrapper replaces it by.
 */
import type { GoModFile } from './go-module.js';

export interface WrapperModule {
  name: string;
  require: { path: string; version: string };
  goMod: GoModFile;
  /** The published version standing for a module the upstream go.mod replaces by a local directory; undefined drops that replace. */
  localReplacement: (modulePath: string) => string | undefined;
  tools: string[];
  /** A directory (relative to the wrapper) holding the required module's tree, built instead of the module cache's copy. */
  sourceDir?: string;
}

export function renderWrapperGoMod(w: WrapperModule): string {
  const lines = [`module socle.local/tools/${w.name}`, '', `go ${w.goMod.Go ?? '1.26'}`, ''];
  for (const d of w.goMod.GoDebug ?? []) lines.push(`godebug ${d.Key}=${d.Value}`);
  lines.push('', `require ${w.require.path} ${w.require.version}`, '');
  if (w.sourceDir) lines.push(`replace ${w.require.path} => ${w.sourceDir}`);
  for (const r of w.goMod.Replace ?? []) {
    const old = r.Old.Version ? `${r.Old.Path} ${r.Old.Version}` : r.Old.Path;
    if (r.New.Version) {
      lines.push(`replace ${old} => ${r.New.Path} ${r.New.Version}`);
      continue;
    }
    const published = w.localReplacement(r.Old.Path);
    if (published) lines.push(`replace ${r.Old.Path} => ${r.Old.Path} ${published}`);
  }
  lines.push('');
  for (const t of w.tools) lines.push(`tool ${t}`);
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n')}\n`;
}

// What `npm run build` compiles and where it puts it, read from tsconfig.build.json (its `include`
// and `outDir`, so the folders are named once), and whether that compiled tree is current: shared
// by bin/build.js (which writes it), bin/socle.js (which runs it) and the tests' global setup.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Written last by bin/build.js: its modification time is when the compiled tree was complete. */
export const BUILD_STAMP = '.build-complete';

/** Where in the compiled tree the CLI's bundle goes (bin/bundle-cli.js), and esbuild's account of what each of its files holds. */
export const BUNDLE_DIR = 'bundle';
export const BUNDLE_METAFILE = 'metafile.json';

/** Besides the sources: files whose change can change what the compiled tree does. */
const BUILD_CONFIG = ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'bin/build.js', 'bin/build-layout.js', 'bin/bundle-cli.js'];

/**
 * Not read beside a module at run time: docs, and environment files (looked up from the package
 * root by scripts/environment-argument.ts). Every other file of a compiled folder is a build input:
 * a source (compiled by tsc) or an asset the code reads with `new URL('./x', import.meta.url)` —
 * YAML included where it is data the code reads so (the cloud catalogue's files).
 */
const NOT_INPUTS = new Set(['.md', '.yaml', '.yml']);
const YAML_ASSET_FOLDERS = ['environments/catalogue/clouds'];

const isInput = (root, folder, name) => {
  const ext = name.slice(name.lastIndexOf('.'));
  if (!NOT_INPUTS.has(ext)) return true;
  return ext !== '.md' && YAML_ASSET_FOLDERS.includes(relative(root, folder));
};

export function buildLayout(root) {
  const { compilerOptions, include } = JSON.parse(readFileSync(join(root, 'tsconfig.build.json'), 'utf8'));
  return { outDir: compilerOptions.outDir, sourceDirs: include };
}

/** Every build input under the compiled folders, as absolute paths (string joins: this runs at each start). */
export function buildInputs(root, sourceDirs) {
  const files = [];
  for (const dir of sourceDirs) {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true, recursive: true })) {
      if (entry.isFile() && isInput(root, entry.parentPath, entry.name)) files.push(`${entry.parentPath}/${entry.name}`);
    }
  }
  return files;
}

/** Why the compiled tree can't be run as it is (not built, or older than an input); undefined when current. */
export function staleBuild(root) {
  const { outDir, sourceDirs } = buildLayout(root);
  let builtAt;
  try {
    builtAt = statSync(join(root, outDir, BUILD_STAMP)).mtimeMs;
  } catch {
    return `${outDir}/ is not built`;
  }
  // An installed package (`npm install socle-x.y.z.tgz`, under a node_modules folder) is no checkout
  // anyone edits, and its times say nothing: npm unpacks each file at the time it writes it and
  // rewrites package.json. Its dist/ is the one packed with it (`npm pack` runs prepare).
  if (root.split(sep).includes('node_modules')) return undefined;
  // The build scripts themselves count where they exist (a package root made by a test has none).
  const config = BUILD_CONFIG.map((file) => join(root, file)).filter((file) => existsSync(file));
  const changed = [...config, ...buildInputs(root, sourceDirs)].find((file) => statSync(file).mtimeMs > builtAt);
  return changed === undefined ? undefined : `${relative(root, changed)} changed since ${outDir}/ was built`;
}

// The CLI users run, bundled by esbuild from the compiled tree (bin/build.js runs this after tsc):
// `dist/bundle/cli.js` and its chunks. Loaded one by one, the ≈ 650 package modules synth needs
// (cdktf alone ≈ 380 CommonJS modules) cost more than the synthesis itself; bundled, synth reads 35
// files. Each `import()` stays a chunk of its own, loaded when the command that makes it runs, so a
// command still loads only what it uses (test/cli/module-loads.test.ts reads `metafile.json` to say
// which modules each chunk holds).
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import * as esbuild from 'esbuild';
import { BUNDLE_DIR, BUNDLE_METAFILE } from './build-layout.js';

/**
 * socle's modules read files beside themselves with `new URL('./x', import.meta.url)` (scripts,
 * PHP, Lua, schemas, the standalone validators) and find the package root from it: in a chunk,
 * `import.meta.url` is the chunk's. Each module gets its own compiled file's URL instead (where
 * bin/build.js copied its assets), computed from the chunk's so that the tree can move.
 */
function compiledModuleUrls(compiledDir, outDir) {
  return {
    name: 'compiled-module-urls',
    setup(build) {
      build.onLoad({ filter: /\.js$/ }, async (args) => {
        if (!args.path.startsWith(`${compiledDir}/`) || args.path.startsWith(`${outDir}/`)) return undefined;
        const source = await readFile(args.path, 'utf8');
        if (!source.includes('import.meta.url')) return undefined;
        // A define, not a text replacement: only the expression is rewritten, never a comment or a string.
        const { code } = await esbuild.transform(source, { format: 'esm', define: { 'import.meta.url': '__socle_module_url' } });
        const own = `const __socle_module_url = new URL(${JSON.stringify(relative(outDir, args.path))}, import.meta.url).href;\n`;
        return { contents: own + code, loader: 'js', resolveDir: dirname(args.path) };
      });
    },
  };
}

/**
 * cdktf 0.21.0 `lib/private/fs.js` requires archiver when it loads, for the zip archives of
 * TerraformAsset, which socle makes none of; archiver and what it pulls in (glob, zlib, perf_hooks…)
 * cost ≈ 0.1 s of every synth. In the bundle it is required when an archive is first made instead.
 */
const CDKTF_ARCHIVER = 'const archiver = require("archiver");';
function deferredArchiver() {
  return {
    name: 'deferred-archiver',
    setup(build) {
      build.onLoad({ filter: /[\\/]cdktf[\\/]lib[\\/]private[\\/]fs\.js$/ }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        if (!source.includes(CDKTF_ARCHIVER)) throw new Error(`${args.path}: no \`${CDKTF_ARCHIVER}\` to defer: cdktf changed, review bin/bundle-cli.js`);
        return { contents: source.replace(CDKTF_ARCHIVER, 'const archiver = (...args) => require("archiver")(...args);'), loader: 'js' };
      });
    },
  };
}

/** Bundles `<root>/<compiled>/scripts/cli.js` into `<root>/<compiled>/bundle/`; the metafile names files from `root`. */
export async function bundleCli(root, compiled) {
  const compiledDir = join(root, compiled);
  const outDir = join(compiledDir, BUNDLE_DIR);
  const { metafile } = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [join(compiledDir, 'scripts', 'cli.js')],
    outdir: outDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Bundling renames clashing top-level names; keep every function's and class's `.name` as written.
    keepNames: true,
    // A quarter less to read and compile at each start (≈ 4.6 MB of JavaScript instead of 6.3).
    // Names are kept, so every error message reads as from the sources; socle prints no stack traces.
    minifyWhitespace: true,
    chunkNames: '[name]-[hash]',
    // The bundled CommonJS packages require() Node's built-in modules; in ES module output esbuild's
    // `__require` shim calls the `require` in scope and otherwise throws "Dynamic require of … is not
    // supported" (esbuild 0.28.2 internal/runtime/runtime.go; evanw/esbuild#1921): give it one.
    banner: { js: "import { createRequire as __socleCreateRequire } from 'node:module';\nconst require = __socleCreateRequire(import.meta.url);" },
    plugins: [compiledModuleUrls(compiledDir, outDir), deferredArchiver()],
    metafile: true,
    logLevel: 'warning',
  });
  await writeFile(join(outDir, BUNDLE_METAFILE), JSON.stringify(metafile));
}

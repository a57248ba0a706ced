#!/usr/bin/env node
// `npm run build` (also run by `npm ci` and `npm install`, as `prepare`): compiles the TypeScript to
// JavaScript with tsc (tsconfig.build.json; type checking stays with `npm run typecheck`), then copies
// beside the compiled modules the files they read at run time (shell scripts, PHP, Lua, provider
// schemas, the generated bindings' package.json that makes them CommonJS): tsc copies only the JSON
// files that are imported. Then what is compiled once here rather than at each run: the environment
// schema's and the cloud catalogue schema's ajv validators. Last, the CLI bundled from that tree
// (bin/bundle-cli.js), which bin/socle.js runs. The tree is rebuilt from scratch, so a deleted source leaves no module.
import { spawnSync } from 'node:child_process';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BUILD_STAMP, buildInputs, buildLayout } from './build-layout.js';
import { bundleCli } from './bundle-cli.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const { outDir, sourceDirs } = buildLayout(root);
rmSync(join(root, outDir), { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (compiled.status !== 0) process.exit(compiled.status ?? 1);
for (const file of buildInputs(root, sourceDirs)) {
  if (extname(file) !== '.ts') cpSync(file, join(root, outDir, relative(root, file)));
}
const { writeStandaloneValidators } = await import(pathToFileURL(join(root, outDir, 'environments', 'schema-compiler.js')).href);
writeStandaloneValidators();
await bundleCli(root, outDir);
writeFileSync(join(root, outDir, BUILD_STAMP), '');

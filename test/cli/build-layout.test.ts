/**
 * bin/socle.js runs dist/ only when it is current: when it is missing or older than a build input
 * it runs the sources through tsx and says so (bin/build-layout.js `staleBuild`).
 */
import { execa } from 'execa';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILD_STAMP, staleBuild } from '../../bin/build-layout.js';
import { REPO_ROOT } from './capture-io.js';

const scratch = mkdtempSync(join(tmpdir(), 'socle-build-layout-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A package root with one compiled folder holding a source, an asset and a README, built at `builtAt` (seconds). */
function checkout(name: string, builtAt?: number): string {
  const root = join(scratch, name);
  mkdirSync(join(root, 'charts'), { recursive: true });
  for (const file of ['package.json', 'tsconfig.json']) writeFileSync(join(root, file), '{}');
  writeFileSync(join(root, 'tsconfig.build.json'), JSON.stringify({ compilerOptions: { outDir: 'dist' }, include: ['charts'] }));
  for (const file of ['charts/app.ts', 'charts/start.sh', 'charts/README.md']) writeFileSync(join(root, file), '');
  for (const file of ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'charts/app.ts', 'charts/start.sh', 'charts/README.md']) utimesSync(join(root, file), 1000, 1000);
  if (builtAt !== undefined) {
    mkdirSync(join(root, 'dist'));
    writeFileSync(join(root, 'dist', BUILD_STAMP), '');
    utimesSync(join(root, 'dist', BUILD_STAMP), builtAt, builtAt);
  }
  return root;
}

describe('staleBuild', () => {
  it('says dist/ is not built when its stamp is missing (a build that failed half-way writes none)', () => {
    expect(staleBuild(checkout('unbuilt'))).toBe('dist/ is not built');
  });

  it('is satisfied by a build newer than every input', () => {
    expect(staleBuild(checkout('fresh', 2000))).toBeUndefined();
  });

  it('names a source, an asset or the build configuration changed since the build', () => {
    for (const file of ['charts/app.ts', 'charts/start.sh', 'tsconfig.build.json']) {
      const root = checkout(`edited-${file.replace(/\W/g, '-')}`, 2000);
      utimesSync(join(root, file), 3000, 3000);
      expect(staleBuild(root)).toBe(`${file} changed since dist/ was built`);
    }
  });

  it('takes an installed package as built with what it was packed with, whatever its files\' times', () => {
    const root = checkout(join('node_modules', 'socle'), 2000);
    utimesSync(join(root, 'charts/app.ts'), 3000, 3000);
    expect(staleBuild(root)).toBeUndefined();
    rmSync(join(root, 'dist'), { recursive: true });
    expect(staleBuild(root)).toBe('dist/ is not built');
  });

  it('ignores docs, which the build neither compiles nor copies', () => {
    const root = checkout('docs-edited', 2000);
    utimesSync(join(root, 'charts/README.md'), 3000, 3000);
    expect(staleBuild(root)).toBeUndefined();
  });
});

describe('bin/socle.js without a compiled tree', () => {
  it('runs the sources through tsx and says why on stderr', async () => {
    // A checkout whose folders are the real ones, with no dist/.
    const root = join(scratch, 'no-dist');
    mkdirSync(join(root, 'bin'), { recursive: true });
    for (const file of ['bin/socle.js', 'bin/build-layout.js', 'package.json', 'tsconfig.json', 'tsconfig.build.json']) copyFileSync(join(REPO_ROOT, file), join(root, file));
    for (const dir of ['environments', 'sizing', 'stacks', 'charts', 'policies', 'scripts', 'node_modules']) symlinkSync(join(REPO_ROOT, dir), join(root, dir));
    const run = await execa('node', [join(root, 'bin', 'socle.js'), '--version'], { cwd: root, reject: false });
    expect(run.stderr).toBe('socle: dist/ is not built: running the TypeScript sources through tsx (slow start; `npm run build` makes it fast)');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

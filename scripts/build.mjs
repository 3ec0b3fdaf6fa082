#!/usr/bin/env node
/**
 * `npm run build`: bundles the CLI (and through it the server and the jobs engine) into dist/ with
 * esbuild. One file parses much faster than the ~1,500 modules of kysely, zod, bullmq and the rest, so
 * `serve` starts in about half the time. Lazy imports stay lazy as chunks. Run by `npm ci` (prepare)
 * and before `npm start`; it takes about a second (plus a few seconds once, for the database seed below).
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Left to Node: loaded on demand and large (Lark SDK, exceljs, PGlite and its wasm files, Bull Board
 * and its templates), spawning worker files (pino), native or optional native (msgpackr-extract,
 * pg-native), or the dev loader.
 */
const external = [
  '@larksuiteoapi/node-sdk',
  '@bull-board/api',
  '@bull-board/hono',
  '@bull-board/ui',
  '@electric-sql/pglite',
  'kysely-pglite-dialect',
  'exceljs',
  'pino',
  'msgpackr',
  'msgpackr-extract',
  'pg-native',
  'tsx',
];

// CommonJS packages inside an ES module bundle still call require and read __dirname.
const banner = [
  "import { createRequire as __duban_createRequire } from 'node:module';",
  "import { fileURLToPath as __duban_fileURLToPath } from 'node:url';",
  'const require = __duban_createRequire(import.meta.url);',
  'const __filename = __duban_fileURLToPath(import.meta.url);',
  "const __dirname = __duban_fileURLToPath(new URL('.', import.meta.url));",
].join('\n');

// Everything but the database seed, which takes seconds to make and only changes with PGlite.
for (const entry of existsSync(`${root}dist`) ? readdirSync(`${root}dist`) : []) {
  if (entry !== 'seed') rmSync(`${root}dist/${entry}`, { recursive: true, force: true });
}
await build({
  absWorkingDir: root,
  entryPoints: { cli: 'src/entry/cli.ts', 'make-seed': 'src/db/embedded/make-seed.ts' },
  outdir: `${root}dist`,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: [...external, ...external.map((p) => `${p}/*`)],
  banner: { js: banner },
  sourcemap: 'linked',
  logLevel: 'warning',
});

/**
 * The embedded database's seed (src/db/embedded/seed.ts): a PGlite cluster with the migrations applied,
 * as a plain directory, so that the first `npm start` on a new machine copies it in a fraction of a
 * second instead of running initdb in WebAssembly and then every migration. Named by PGlite's version
 * and the newest migration, made again when either changes; made beside and renamed into place, so an
 * interrupted build never leaves a partial seed.
 */
const { seedDirectory, makeSeed } = await import(`${root}dist/make-seed.js`);
const seedRoot = `${root}dist/seed`;
// The start looks for the seed by the same function (src/db/embedded/seed.ts).
const seedDir = seedDirectory();
if (!existsSync(`${seedDir}/PG_VERSION`)) {
  rmSync(seedRoot, { recursive: true, force: true });
  mkdirSync(seedRoot, { recursive: true });
  await makeSeed(`${seedDir}.tmp`);
  renameSync(`${seedDir}.tmp`, seedDir);
}

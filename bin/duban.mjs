#!/usr/bin/env node
// Runs the compiled CLI in dist/ (`npm run build`; `npm ci` and `npm start` build it). A checkout that
// was never built runs the TypeScript sources through tsx instead, slower to start but the same code.
import { existsSync } from 'node:fs';

process.argv[1] = 'duban';
const compiled = new URL('../dist/cli.js', import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/entry/cli.ts');
}

#!/usr/bin/env node
// The CLI is TypeScript run through tsx's loader, so there is no build step to forget.
import { register } from 'tsx/esm/api';

register();
process.argv[1] = 'duban';
await import('../src/entry/cli.ts');

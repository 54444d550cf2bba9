#!/usr/bin/env node
// Runs the TypeScript CLI directly (tsx), so `npx huzhu ...` needs no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');

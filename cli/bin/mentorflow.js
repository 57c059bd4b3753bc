#!/usr/bin/env node
// The published entry point: plain JavaScript, so Node can start it without a build step. It
// teaches Node to load TypeScript (tsx's ESM loader, which also honours tsconfig.json), then
// runs the CLI written in TypeScript.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../main.ts');
process.exitCode = await main();

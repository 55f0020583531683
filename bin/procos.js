#!/usr/bin/env node
// The `procos` command: runs the TypeScript CLI through tsx.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../main/cli.ts');
try {
  process.exitCode = await main();
} catch (err) {
  console.error(`procos: ${err.message}`);
  process.exitCode = 1;
}

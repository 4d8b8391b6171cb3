#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so there is no build step to forget.
import { register } from 'tsx/esm/api';

// Run from an npm script (npm start, npx), the parent is npm's `sh -c`, which dies of the SIGTERM npm passes
// on to it without passing it on to us: the server would keep its port after npm ended. So a parent that goes
// away is taken as a SIGTERM. Only under npm: a server started with nohup or & is meant to outlive its shell.
if (process.env.npm_lifecycle_event) {
  const parent = process.ppid;
  const watch = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(watch);
    process.kill(process.pid, 'SIGTERM');
  }, 250);
  watch.unref();
}

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));

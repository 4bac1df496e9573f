// Loaded with --import into each benchmarked process: reports its peak resident memory on exit.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  writeSync(2, `\nBENCH_MAXRSS_KB=${process.resourceUsage().maxRSS}\n`);
});

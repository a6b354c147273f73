// `make bench`: runs the browser benchmarks, prints a table and writes bench/results.json.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import os from 'node:os';
import { ROOT, launchChromium, serveRoot } from './lib.mjs';
import { benchStorage } from './storage.mjs';

const server = await serveRoot();
const browser = await launchChromium();
const machine = {
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  chromium: browser.version(),
  date: new Date().toISOString(),
};
try {
  const storage = await benchStorage(browser, server.url);
  console.log(`\nMachine: ${machine.cpu}, ${machine.cores} cores, Chromium ${machine.chromium}\n`);
  console.log(storage.table);
  const out = { machine, storage: storage.results };
  await writeFile(join(ROOT, 'bench', 'results.json'), JSON.stringify(out, null, 2) + '\n');
  console.log('\nwrote bench/results.json');
} finally {
  await browser.close();
  await server.close();
}

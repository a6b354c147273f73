// The package's types against the package itself: `tsc --strict` on a file that uses every
// export, the exports of the shipped module and of its `.d.ts` the same, and the package's
// JS formatted (prettier).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdir, readFile, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './support.mjs';

const run = promisify(execFile);
const bin = (name) => join(ROOT, 'node_modules', '.bin', name);

test('a file using every export type-checks against pkg/faultline.d.ts with tsc --strict', async () => {
  const args = ['--noEmit', '--strict', '--target', 'es2022', '--module', 'es2022', '--moduleResolution', 'bundler'];
  const result = await run(bin('tsc'), [...args, join(ROOT, 'tests', 'types', 'usage.ts')]).catch((e) => e);
  assert.equal(result.code ?? 0, 0, `${result.stdout}${result.stderr}`);
});

// The npm package as scripts/npm-pack.sh stages it (target/npm/faultline/), imported by
// name: tsc resolves `faultline/react` and the rest through its exports map.
test('a file using every export of every entry type-checks against the staged npm package', async () => {
  const dir = join(ROOT, 'target', 'types-check');
  await rm(dir, { recursive: true, force: true });
  await mkdir(join(dir, 'node_modules'), { recursive: true });
  await symlink(join(ROOT, 'target', 'npm', 'faultline'), join(dir, 'node_modules', 'faultline'), 'dir');
  await cp(join(ROOT, 'tests', 'types', 'integrations.tsx'), join(dir, 'integrations.tsx'));
  const args = ['--noEmit', '--strict', '--target', 'es2022', '--module', 'esnext', '--moduleResolution', 'bundler'];
  const more = ['--jsx', 'react-jsx', '--lib', 'esnext,dom', '--resolveJsonModule', '--types', 'node'];
  const result = await run(bin('tsc'), [...args, ...more, join(dir, 'integrations.tsx')]).catch((e) => e);
  assert.equal(result.code ?? 0, 0, `${result.stdout}${result.stderr}`);
});

test('the module and its .d.ts export the same functions', async () => {
  const module = await import(join(ROOT, 'pkg', 'faultline.js'));
  const types = await readFile(join(ROOT, 'pkg', 'faultline.d.ts'), 'utf8');
  const declared = [...types.matchAll(/^export function (\w+)/gm)].map((m) => m[1]).sort();
  const exported = Object.keys(module)
    .filter((k) => typeof module[k] === 'function')
    .sort();
  assert.deepEqual(declared, exported);
});

test("each framework entry's .d.ts declares what its module exports", async () => {
  const dir = join(ROOT, 'crates', 'faultline', 'js', 'integrations');
  // vite.js and viewer.js import only Node built-ins; react.js needs react, vue.js nothing.
  for (const name of ['vue', 'vite', 'viewer']) {
    const module = await import(join(dir, `${name}.js`));
    const types = await readFile(join(dir, `${name}.d.ts`), 'utf8');
    const declared = [...types.matchAll(/^export (?:declare )?(?:function|const|class) (\w+)/gm)].map((m) => m[1]);
    if (/^export default /m.test(types)) declared.push('default');
    assert.deepEqual(declared.sort(), Object.keys(module).sort(), name);
  }
});

test("the package's JavaScript is formatted (prettier --check)", async () => {
  const result = await run(bin('prettier'), ['--check', join(ROOT, 'crates', 'faultline', 'js')], { cwd: ROOT }).catch(
    (e) => e,
  );
  assert.equal(result.code ?? 0, 0, `${result.stdout}${result.stderr}`);
});

// node scripts/snippet-imports.mjs WASM GLUE: in wasm-bindgen's glue GLUE, replaces each
// `import * as importN from "./snippets/..."` with a named import of just what WASM imports
// from that module. A namespace import keeps the whole snippet in a bundle (the engine's
// Worker bundle carried all of sensors.js for the one function its wasm imports); named
// imports let a bundler drop the rest. The wasm is only read.
import { readFileSync, writeFileSync } from 'node:fs';

const [wasmPath, gluePath] = process.argv.slice(2);
const wanted = new Map(); // module -> names the wasm imports from it
for (const { module, name } of WebAssembly.Module.imports(
  new WebAssembly.Module(readFileSync(wasmPath)),
)) {
  if (!wanted.has(module)) wanted.set(module, new Set());
  wanted.get(module).add(name);
}

let glue = readFileSync(gluePath, 'utf8');
let rewritten = 0;
glue = glue.replace(
  /^import \* as (import\d+) from "(\.\/snippets\/[^"]+)";?$/gm,
  (line, binding, module) => {
    const names = [...(wanted.get(module) ?? [])];
    if (names.some((n) => !/^[A-Za-z_$][\w$]*$/.test(n))) return line; // not an identifier
    rewritten += 1;
    const local = (n) => `${binding}_${n}`;
    const specifiers = names.map((n) => `${n} as ${local(n)}`).join(', ');
    const fields = names.map((n) => `${n}: ${local(n)}`).join(', ');
    return (
      (names.length ? `import { ${specifiers} } from "${module}";\n` : '') +
      `const ${binding} = { __proto__: null${names.length ? ', ' + fields : ''} };`
    );
  },
);
writeFileSync(gluePath, glue);
console.log(`[pkg] ${rewritten} snippet namespace import(s) in ${gluePath} made named`);

// Gives the capture wasm's imports from its wasm-bindgen glue short names, in the wasm and
// in the glue alike: `__wbg_get_f5a2...` becomes `a`. wasm-bindgen names each import after
// the JS function plus a 16-digit hash; ~130 of them, spelled once in the wasm and once in
// the glue, cost ~4 KB raw in each that gzip barely shrinks. Nothing else reads these
// names. The closure entry points it exports (`wasm_bindgen__convert__closures_____invoke__h
// <hash>`) become `__c0`, `__c1`, ... the same way.
//
// Usage: node scripts/minify-imports.mjs MODULE.wasm GLUE.js [IMPORT_MODULE] (both
// rewritten in place). Only imports from the glue's own module (`./NAME_bg.js`, or
// IMPORT_MODULE when the files were renamed after wasm-bindgen wrote them, as trunk's
// content-hashed names are) are renamed, and only names
// the glue spells exactly once, as a key of its imports object; any other import keeps
// its name (snippet modules are imported by their export names).
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';

const [wasmPath, gluePath, importModule] = process.argv.slice(2);
if (!wasmPath || !gluePath) {
  console.error('usage: node scripts/minify-imports.mjs MODULE.wasm GLUE.js [IMPORT_MODULE]');
  process.exit(2);
}
const wasm = readFileSync(wasmPath);
let glue = readFileSync(gluePath, 'utf8');
const ownModule = importModule ?? `./${basename(wasmPath).replace(/\.wasm$/, '.js')}`;

/** Unsigned LEB128 at `pos`: [value, next position]. */
function leb(buf, pos) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = buf[pos++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, pos];
  }
}

function encodeLeb(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return Buffer.from(out);
}

function encodeName(text) {
  const bytes = Buffer.from(text, 'utf8');
  return Buffer.concat([encodeLeb(bytes.length), bytes]);
}

/** `a`, `b`, ... `Z`, `ba`, ...: short keys (`do`, `if` and `in` get a `_`). */
function shortName(n) {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let name = '';
  do {
    name = letters[n % letters.length] + name;
    n = Math.floor(n / letters.length);
  } while (n > 0);
  return ['do', 'if', 'in'].includes(name) ? `${name}_` : name;
}

/** Skips one import description at `pos` (func, table, memory, global or tag). */
function skipImportDesc(buf, pos) {
  const kind = buf[pos++];
  const skipLimits = (p) => {
    const flags = buf[p++];
    [, p] = leb(buf, p);
    if (flags & 1) [, p] = leb(buf, p);
    return p;
  };
  switch (kind) {
    case 0: // function: type index
    case 4: // tag: attribute, type index
      if (kind === 4) pos++;
      return leb(buf, pos)[1];
    case 1: // table: reference type, limits
      return skipLimits(pos + 1);
    case 2: // memory: limits
      return skipLimits(pos);
    case 3: // global: value type, mutability
      return pos + 2;
    default:
      throw new Error(`unknown import kind ${kind}`);
  }
}

const count = (name) => glue.split(new RegExp(`\\b${name}\\b`)).length - 1;

/**
 * The export section from `start` to `end`, closure entry points renamed: wasm-bindgen
 * exports each as `wasm_bindgen__convert__closures_____invoke__h<hash>`, which the glue
 * reads only as `wasm.<name>`.
 */
function renameExports(start, end) {
  let p = start;
  let n;
  [n, p] = leb(wasm, p);
  const body = [encodeLeb(n)];
  let closures = 0;
  for (let i = 0; i < n; i++) {
    let len;
    [len, p] = leb(wasm, p);
    let name = wasm.toString('utf8', p, p + len);
    p += len;
    const descStart = p;
    p = leb(wasm, p + 1)[1];
    const access = new RegExp(`\\bwasm\\.${name}\\b`, 'g');
    if (/^wasm_bindgen__convert__closures_____invoke__h[0-9a-f]+$/.test(name) && access.test(glue)) {
      const short = `__c${closures++}`;
      if (count(short) !== 0) throw new Error(`${short} already in ${gluePath}`);
      glue = glue.replace(access, `wasm.${short}`);
      saved += name.length - short.length;
      renamed++;
      name = short;
    }
    body.push(encodeName(name), wasm.subarray(descStart, p));
  }
  const section = Buffer.concat(body);
  return Buffer.concat([Buffer.from([7]), encodeLeb(section.length), section]);
}

const parts = [wasm.subarray(0, 8)];
let pos = 8;
let renamed = 0;
let saved = 0;
while (pos < wasm.length) {
  const id = wasm[pos];
  const [size, bodyStart] = leb(wasm, pos + 1);
  const end = bodyStart + size;
  if (id === 7) {
    parts.push(renameExports(bodyStart, end));
    pos = end;
    continue;
  }
  if (id !== 2) {
    parts.push(wasm.subarray(pos, end));
    pos = end;
    continue;
  }
  let p = bodyStart;
  let n;
  [n, p] = leb(wasm, p);
  const body = [encodeLeb(n)];
  for (let i = 0; i < n; i++) {
    let len;
    [len, p] = leb(wasm, p);
    const module = wasm.toString('utf8', p, p + len);
    p += len;
    [len, p] = leb(wasm, p);
    const field = wasm.toString('utf8', p, p + len);
    p += len;
    const descStart = p;
    p = skipImportDesc(wasm, p);
    let name = field;
    if (module === ownModule && /^\w+$/.test(field) && count(field) === 1) {
      const key = new RegExp(`\\b${field}(?=:)`);
      if (key.test(glue)) {
        // Unique among the object's keys: every other key starts with `__wbg`.
        name = shortName(renamed++);
        glue = glue.replace(key, name);
        saved += field.length - name.length;
      }
    }
    body.push(encodeName(module), encodeName(name), wasm.subarray(descStart, p));
  }
  const section = Buffer.concat(body);
  parts.push(Buffer.from([2]), encodeLeb(section.length), section);
  pos = end;
}

writeFileSync(wasmPath, Buffer.concat(parts));
writeFileSync(gluePath, glue);
console.log(`[pkg] ${renamed} imports and exports renamed in ${basename(wasmPath)} and its glue (${saved} B shorter in each)`);

// Drops the viewer's JS snippets that no module imports any more, and their preloads.
// Usage: node scripts/prune-snippets.mjs <index.html> <glue.js> <dir>   (scripts/viewer-post-build.sh)
//
// trunk preloads every JS snippet of every linked crate. After esbuild bundles the glue,
// the viewer's own snippets are inside it, and one snippet was never imported at all (the
// capture package's page part, linked through faultline-sync): a first visit fetched them
// and every later one revalidated them. A snippet is still imported when a static or
// dynamic import in the glue names it; its path alone is not enough, since it stays in the
// glue as the key of the wasm imports of the module bundled in.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';

const [html, glue, dir] = process.argv.slice(2);
const code = readFileSync(glue, 'utf8');
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const page = readFileSync(html, 'utf8').replace(
  /<link rel="modulepreload" href="\.\/(snippets\/[^"]+\.js)"[^>]*>/g,
  (tag, path) => {
    if (new RegExp(`(from|import)\\s*\\(?\\s*["']\\./${escape(path)}["']`).test(code)) return tag;
    rmSync(`${dir}/${path}`);
    console.log(`[viewer] ${path}: in the glue or never imported, not shipped`);
    return '';
  },
);
writeFileSync(html, page);

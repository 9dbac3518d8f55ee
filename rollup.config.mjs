import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Start from an empty dist/, so stale hashed chunks never linger (the size test reads every chunk).
rmSync(new URL('./dist', import.meta.url), { recursive: true, force: true });

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
// esbuild reads the decorator flags from tsconfig.json (experimentalDecorators, no define semantics).
const ts = () => esbuild({ tsconfig: './tsconfig.json', target: 'es2022', define: { __VERSION__: JSON.stringify(version) } });
const src = (path) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The drop-in's lazy "logic" chunk (`output.manualChunks`): the full configuration
 * (src/core/config.ts) and the decision logic (src/core/decide.ts), which the core imports
 * dynamically through src/core/logic.ts, and which a first visit always loads together. One file
 * compresses better than two. Modules that only these two import (src/core/uuid.ts) come along;
 * nothing else does (`onlyExplicitManualChunks`): what the entry imports statically stays in the
 * entry, or a return visit would load this chunk too. Not merged into the banner UI chunk: a
 * return visit that needs the configuration or the decision logic without the UI (the cookie
 * cleanup after a refusal, an outbox flush, the API) would then load and run the banner.
 */
function logicChunk() {
  let members;
  return (id, { getModuleInfo }) => {
    if (!members) {
      members = new Set(['src/core/logic.ts', 'src/core/config.ts', 'src/core/decide.ts'].map(src));
      for (const m of members) { // the Set grows while it is walked
        for (const dep of getModuleInfo(m)?.importedIds ?? []) {
          const info = getModuleInfo(dep);
          if (info && [...info.importers, ...info.dynamicImporters].every((i) => members.has(i))) members.add(dep);
        }
      }
    }
    return members.has(id) ? 'logic' : undefined;
  };
}

const min = () => terser({ ecma: 2022, module: true, format: { comments: false }, compress: { passes: 2 } });

export default [
  // The drop-in: one self-contained module. Lazy chunks (the Lit UI, the sender) load from paths
  // relative to it, so it works from any CDN folder.
  {
    input: { 'consent-elements': 'src/embed.ts' },
    output: {
      dir: 'dist', format: 'es', sourcemap: true,
      entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js',
      manualChunks: logicChunk(), onlyExplicitManualChunks: true,
    },
    plugins: [resolve({ browser: true }), ts(), min()],
  },
  // The Consent Mode default, a classic script for the top of <head>, before any Google tag.
  {
    input: 'src/consent-default.ts',
    output: { file: 'dist/consent-default.js', format: 'iife', sourcemap: false },
    plugins: [ts(), min()],
  },
  // The npm build: one file per source module, lit and idb-keyval left to the user's bundler.
  {
    input: { index: 'src/index.ts', define: 'src/define.ts', embed: 'src/embed.ts' },
    external: [/^lit(\/|$)/, /^@lit\//, /^idb-keyval(\/|$)/],
    output: { dir: 'dist/esm', format: 'es', preserveModules: true, preserveModulesRoot: 'src', sourcemap: true },
    plugins: [ts()],
  },
];

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
 * The drop-in's first visit in one chunk: the banner UI (src/ui.ts and what it imports), the full
 * configuration and the decision logic, which the first visit always loads together. Each lazy
 * chunk is compressed on its own, so one file is smaller than three. Only the modules named here
 * move (`onlyExplicitManualChunks`): anything the entry imports statically stays in the entry, or
 * the return visit would load the UI chunk too. The language chunks and `<consent-preferences>`
 * (a dynamic import) stay chunks of their own.
 */
function firstVisitChunk() {
  let ui;
  const reach = (id, getModuleInfo, seen = new Set()) => {
    if (!seen.has(id)) {
      seen.add(id);
      for (const dep of getModuleInfo(id)?.importedIds ?? []) reach(dep, getModuleInfo, seen);
    }
    return seen;
  };
  return (id, { getModuleInfo }) => {
    if (!ui) {
      const core = reach(src('src/embed.ts'), getModuleInfo);
      ui = new Set([...reach(src('src/ui.ts'), getModuleInfo), src('src/core/config.ts'), src('src/core/decide.ts')]
        .filter((m) => !core.has(m)));
    }
    return ui.has(id) ? 'ui' : undefined;
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
      manualChunks: firstVisitChunk(), onlyExplicitManualChunks: true,
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

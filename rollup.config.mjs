import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';
import { readFileSync, rmSync } from 'node:fs';

// Start from an empty dist/, so stale hashed chunks never linger (the size test reads every chunk).
rmSync(new URL('./dist', import.meta.url), { recursive: true, force: true });

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
// esbuild reads the decorator flags from tsconfig.json (experimentalDecorators, no define semantics).
const ts = () => esbuild({ tsconfig: './tsconfig.json', target: 'es2022', define: { __VERSION__: JSON.stringify(version) } });
const min = () => terser({ ecma: 2022, module: true, format: { comments: false }, compress: { passes: 2 } });

export default [
  // The drop-in: one self-contained module. Lazy chunks (the Lit UI, the sender) load from paths
  // relative to it, so it works from any CDN folder.
  {
    input: { 'consent-elements': 'src/embed.ts' },
    output: {
      dir: 'dist', format: 'es', sourcemap: true,
      entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js',
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

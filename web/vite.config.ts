/**
 * The web app's build: `vite build --config web/vite.config.ts` writes web/dist, which `huzhu serve`
 * serves at / (src/server/web-app.ts). In development (`npx vite --config web/vite.config.ts`) the
 * API paths are proxied to a running `huzhu serve` on HUZHU_API (default http://localhost:3000).
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { API_PREFIXES } from '../src/server/web-paths.ts';

const api = process.env.HUZHU_API ?? 'http://localhost:3000';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, target: 'es2022', modulePreload: { polyfill: false } },
  server: { proxy: Object.fromEntries(API_PREFIXES.map((p) => [p, { target: api, changeOrigin: false }])) },
});

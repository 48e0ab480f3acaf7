// Builds the admin UI into dist/admin, served by the API at /admin (apps/api/src/admin-ui).
// JSX is compiled by Vite's own Oxc transform: @vitejs/plugin-react would only add
// Fast Refresh for the dev server (and npm cannot place its optional Babel peers here).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/admin/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/admin', import.meta.url)),
    emptyOutDir: true,
    // Every script and stylesheet is a file of its own: the CSP allows nothing inline.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    target: 'es2022',
  },
  server: {
    // `npx vite apps/admin` for UI work: the API (npm start) answers /v1 on the same origin through this proxy.
    proxy: { '/v1': 'http://127.0.0.1:3000' },
  },
});

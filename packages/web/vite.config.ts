import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { precompress } from '../../scripts/precompress.mjs';

/** Brotli and gzip copies of the built files, which the server sends to browsers that accept them. */
const precompressed: Plugin = {
  name: 'touchstone-precompress',
  apply: 'build',
  closeBundle() {
    precompress('dist');
  },
};

// The server serves dist/ at `/` and answers /api itself; in `vite dev` the API is proxied to it.
export default defineConfig({
  plugins: [react(), precompressed],
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});

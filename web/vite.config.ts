import { defineConfig } from 'vite';

// The explorer's front end. `npm run build` writes web/dist, which `npm start` serves with the API.
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // sigma, graphology and the OpenCC t2cn dictionary in one chunk, the layout workers inline.
    chunkSizeWarningLimit: 900,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});

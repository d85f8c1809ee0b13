import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const packages = fileURLToPath(new URL('../../packages/', import.meta.url));

// Workspace packages are compiled from their sources, so building the web app does not wait for
// their dist folders (a generic `development` condition would also pick libraries' dev builds).
export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: [
      { find: /^@tangram\/([a-z-]+)$/, replacement: `${packages}$1/src/index.ts` },
      // Subpath front doors (`@tangram/engine/field-types`) from their source files too.
      { find: /^@tangram\/([a-z-]+)\/([a-z-]+)$/, replacement: `${packages}$1/src/$2.ts` },
    ],
  },
  server: { host: '127.0.0.1', proxy: { '/api': 'http://127.0.0.1:3000' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // monaco-editor is reached only through a dynamic import, so it is a chunk of its own. No
    // manualChunks: Rollup put Vite's preload helper into such a chunk, and every page loaded it.
    chunkSizeWarningLimit: 4000,
  },
});

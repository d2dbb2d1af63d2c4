// @ts-check
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { join } from 'node:path';

// apps/web: built into dist/web (served by the API on the same origin); `npm run dev:web`
// serves it with a proxy of /api to the API (API_URL, default http://localhost:3000).
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: process.env['WEB_OUT_DIR'] ?? join(import.meta.dirname, '..', '..', 'dist', 'web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 800,
    rollupOptions: {
      output: {
        // Long-lived vendor chunks shared by every screen.
        manualChunks(id) {
          if (/node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/.test(id)) return 'react';
          if (/node_modules[\\/](@mantine[\\/]dates|dayjs)[\\/]/.test(id)) return 'mantine-dates';
          if (/node_modules[\\/]@mantine[\\/]/.test(id)) return 'mantine';
          if (/node_modules[\\/](@tanstack|openapi-fetch)[\\/]/.test(id)) return 'data';
          return undefined;
        },
      },
    },
  },
  server: {
    port: Number(process.env['WEB_PORT'] ?? 5173),
    proxy: { '/api': { target: process.env['API_URL'] ?? 'http://localhost:3000', changeOrigin: true } },
  },
});

/// <reference types="vitest/config" />
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Django serves the build: index.html for every client-side route, the assets from /static/assets/
// (cus/settings.py puts dist/assets in STATICFILES_DIRS under the "assets" prefix; whitenoise serves them
// after collectstatic). The dev server proxies the API to a Django runserver for hot reload.
const backend = process.env.CUS_BACKEND ?? "http://127.0.0.1:8017";

export default defineConfig(({ command }) => ({
  base: command === "build" ? "/static/" : "/",
  plugins: [react()],
  build: { outDir: "dist", assetsDir: "assets", sourcemap: false },
  server: {
    port: 5173,
    proxy: {
      "/api": { target: backend, changeOrigin: false },
      "/admin": { target: backend, changeOrigin: false },
      "/static/admin": { target: backend, changeOrigin: false },
    },
  },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
  },
}));

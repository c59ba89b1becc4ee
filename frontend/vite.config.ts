/// <reference types="vitest/config" />
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { VitePWA } from "vite-plugin-pwa";

// Django serves the build: index.html for every client-side route, the assets from /static/assets/
// (cus/settings.py puts dist/assets in STATICFILES_DIRS under the "assets" prefix; whitenoise serves them
// after collectstatic). The dev server proxies the API to a Django runserver for hot reload.
const backend = process.env.CUS_BACKEND ?? "http://127.0.0.1:8017";

// The app as an installable, offline-capable web app: vite-plugin-pwa builds the service worker (src/sw.ts,
// Workbox) with the list of built files to precache, and the web manifest. Django serves both from the site's
// root (/sw.js, /manifest.webmanifest: cus/core/views.py), so the worker's scope is the whole app while the
// assets stay under /static/. The page registers the worker itself (src/offline/serviceWorker.ts): the
// plugin's inline registration script would break the Content-Security-Policy (no inline scripts).
const pwa = VitePWA({
  strategies: "injectManifest",
  srcDir: "src",
  filename: "sw.ts",
  base: "/",
  scope: "/",
  injectRegister: false,
  manifestFilename: "manifest.webmanifest",
  includeManifestIcons: false,
  manifest: {
    id: "/",
    name: "CUS",
    short_name: "CUS",
    start_url: "/",
    scope: "/",
    display: "standalone",
    theme_color: "#0b57d0",
    background_color: "#ffffff",
    icons: [
      { src: "/static/core/icon-192.png", sizes: "192x192", type: "image/png" },
      { src: "/static/core/icon-512.png", sizes: "512x512", type: "image/png" },
      { src: "/static/core/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
      { src: "/static/core/favicon.svg", sizes: "any", type: "image/svg+xml" },
    ],
  },
  injectManifest: {
    // The shell only: the built page, scripts and styles (every route's chunk, so any screen opens offline).
    globPatterns: ["index.html", "assets/**/*.{js,css}"],
    // dist/index.html is what Django answers at "/" (and every client-side route); the assets live under /static/.
    manifestTransforms: [
      async (entries) => ({
        manifest: entries.map((entry) => ({
          ...entry,
          url: entry.url === "index.html" ? "/" : `/static/${entry.url.replace(/^\//, "")}`,
        })),
        warnings: [],
      }),
    ],
  },
  devOptions: { enabled: false },
});

export default defineConfig(({ command }) => ({
  base: command === "build" ? "/static/" : "/",
  plugins: [react(), pwa],
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

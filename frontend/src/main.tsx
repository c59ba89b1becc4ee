import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "./i18n";
import "./styles.css";
import { App } from "./app/App";
import { registerServiceWorker } from "./offline/serviceWorker";

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// The service worker keeps the app (and provider staff's visit list) for use without network: built only.
if (import.meta.env.PROD) window.addEventListener("load", () => void registerServiceWorker());

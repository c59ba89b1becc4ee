import { clearOfflineData, onServiceWorkerControl, registerServiceWorker } from "./serviceWorker";

function fakeCaches(names: string[]) {
  const kept = new Set(names);
  return {
    kept,
    storage: {
      keys: async () => [...kept],
      delete: async (name: string) => kept.delete(name),
    } as unknown as CacheStorage,
  };
}

describe("the page's side of the service worker", () => {
  it("deletes the user's kept data on logout and keeps the app shell", async () => {
    const { kept, storage } = fakeCaches(["cus-data-session", "cus-data-visits", "workbox-precache-v2-https://cus.example/"]);
    await clearOfflineData(storage);
    expect([...kept]).toEqual(["workbox-precache-v2-https://cus.example/"]);
  });

  it("does not fail where there is no cache storage", async () => {
    await expect(clearOfflineData(undefined)).resolves.toBeUndefined();
    const broken = { keys: () => Promise.reject(new Error("SecurityError")) } as unknown as CacheStorage;
    await expect(clearOfflineData(broken)).resolves.toBeUndefined();
  });

  it("registers the worker served at the root, for the whole app", async () => {
    const register = vi.fn().mockResolvedValue({ scope: "/" });
    const container = { register } as unknown as ServiceWorkerContainer;
    await registerServiceWorker(container);
    expect(register).toHaveBeenCalledWith("/sw.js", { scope: "/" });
    // a browser without service workers, or a refused registration, leaves the app working online
    await expect(registerServiceWorker(undefined)).resolves.toBeNull();
    const refused = { register: vi.fn().mockRejectedValue(new Error("SecurityError")) } as unknown as ServiceWorkerContainer;
    await expect(registerServiceWorker(refused)).resolves.toBeNull();
  });

  it("tells when a worker takes charge of the page, until unsubscribed", () => {
    const target = new EventTarget();
    const listener = vi.fn();
    const stop = onServiceWorkerControl(listener, target as unknown as ServiceWorkerContainer);
    target.dispatchEvent(new Event("controllerchange"));
    stop();
    target.dispatchEvent(new Event("controllerchange"));
    expect(listener).toHaveBeenCalledTimes(1);
  });
});

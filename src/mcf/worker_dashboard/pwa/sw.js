/* worker-dashboard's service worker: the app shell offline, the worker's last-seen data offline, and the
 * outbox for check-ins and reports made without a network (outbox.js). */
"use strict";
importScripts("/outbox.js");

const VERSION = "mcf-worker-v1";
const SHELL = ["/", "/app.css", "/app.js", "/outbox.js", "/manifest.webmanifest",
               "/icons/icon-192.png", "/icons/icon-512.png", "/icons/maskable-512.png"];
const DATA = VERSION + "-data";
const SUBMISSION = /^\/api\/orders\/[0-9a-f-]{36}\/(check-in|report)$/;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(VERSION).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name !== VERSION && name !== DATA) await caches.delete(name);
    }
    await self.clients.claim();
    await MCFOutbox.flush();
  })());
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (url.origin !== self.location.origin) return;
  if (event.request.method === "POST" && SUBMISSION.test(url.pathname)) {
    event.respondWith(submit(event.request));
  } else if (event.request.method !== "GET") {
    return;                                              // accept, decline, login: online only, said so in the UI
  } else if (event.request.mode === "navigate") {
    event.respondWith(networkFirst(event.request, VERSION, "/"));
  } else if (url.pathname.startsWith("/api/")) {
    event.respondWith(networkFirst(event.request, DATA));
  } else {
    event.respondWith(cacheFirst(event.request));
  }
});

/* A check-in or report: straight to the server when there is a network; else into the outbox, answered 202. */
async function submit(request) {
  const kept = request.clone();
  try {
    return await fetch(request);
  } catch (error) {
    const label = new URL(kept.url).pathname.endsWith("check-in") ? "check-in" : "report";
    const entry = await MCFOutbox.queue(kept, label);
    if (self.registration.sync) {
      try { await self.registration.sync.register("mcf-outbox"); } catch (ignored) { /* flushed on 'online' */ }
    }
    return new Response(JSON.stringify({ queued: true, idempotency_key: entry.key, label }),
                        { status: 202, headers: { "Content-Type": "application/json" } });
  }
}

async function networkFirst(request, cacheName, fallbackPath) {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(fallbackPath || request, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(fallbackPath || request);
    if (cached) return cached;
    if (fallbackPath) {
      const shell = await caches.match(fallbackPath);
      if (shell) return shell;
    }
    return new Response(JSON.stringify({ type: "urn:mcf:problem:offline", title: "Offline", status: 503,
                                         detail: "No network, and nothing kept from before." }),
                        { status: 503, headers: { "Content-Type": "application/problem+json" } });
  }
}

async function cacheFirst(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) (await caches.open(VERSION)).put(request, response.clone());
  return response;
}

self.addEventListener("sync", (event) => {
  if (event.tag === "mcf-outbox") event.waitUntil(MCFOutbox.flush());
});

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "flush") event.waitUntil(MCFOutbox.flush());
  if (data.type === "logout") event.waitUntil(caches.delete(DATA));
});

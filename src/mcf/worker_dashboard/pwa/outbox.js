/* The outbox: check-ins and reports that could not be sent yet, kept in IndexedDB until the network returns.
 *
 * Shared by the page (a classic <script>) and the service worker (importScripts): both may queue and both may
 * flush, so a flush holds a Web Lock and a request leaves the outbox only once the server has answered it.
 * Exactly once: each submission carries the Idempotency-Key made when the worker pressed "send"; every retry
 * reuses it, and the server records one submission per key.
 */
(function (scope) {
  "use strict";
  const DB_NAME = "mcf-worker", DB_VERSION = 1, OUTBOX = "outbox", SESSION = "session";
  const LOCK = "mcf-outbox-flush";
  const CHANNEL = "mcf-outbox";

  function open() {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, DB_VERSION);
      request.onupgradeneeded = () => {
        const db = request.result;
        if (!db.objectStoreNames.contains(OUTBOX)) db.createObjectStore(OUTBOX, { keyPath: "key" });
        if (!db.objectStoreNames.contains(SESSION)) db.createObjectStore(SESSION);
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  async function run(store, mode, work) {
    const db = await open();
    try {
      return await new Promise((resolve, reject) => {
        const tx = db.transaction(store, mode);
        const result = work(tx.objectStore(store));
        tx.oncomplete = () => resolve(result && "result" in result ? result.result : undefined);
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      });
    } finally {
      db.close();
    }
  }

  const Outbox = {
    /* The current token, where the service worker can read it too (it has no localStorage). */
    saveToken: (token) => run(SESSION, "readwrite", (s) => (token ? s.put(token, "token") : s.delete("token"))),
    token: () => run(SESSION, "readonly", (s) => s.get("token")),

    /* Keep a request (already carrying its Idempotency-Key) for later. Queuing the same key twice keeps one. */
    async queue(request, label) {
      const key = request.headers.get("Idempotency-Key");
      if (!key) throw new Error("a queued submission needs an Idempotency-Key");
      const entry = {
        key, label: label || "", url: request.url, method: request.method,
        contentType: request.headers.get("Content-Type"), body: await request.clone().arrayBuffer(),
        queuedAt: new Date().toISOString(), attempts: 0, lastError: null,
      };
      await run(OUTBOX, "readwrite", (s) => s.put(entry));
      announce();
      return entry;
    },

    all: () => run(OUTBOX, "readonly", (s) => s.getAll()),
    count: () => run(OUTBOX, "readonly", (s) => s.count()),
    remove: (key) => run(OUTBOX, "readwrite", (s) => s.delete(key)),

    /* Send what waits, oldest first; stop at the first network failure (still offline) and keep the rest.
     * A 2xx or a refusal (4xx but 401/408/429) leaves the outbox; a 401 waits for the worker to log in again. */
    async flush() {
      const work = async () => {
        const entries = (await Outbox.all()).sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
        const token = await Outbox.token();
        const done = [];
        for (const entry of entries) {
          const headers = { "Idempotency-Key": entry.key, "Accept": "application/json" };
          if (entry.contentType) headers["Content-Type"] = entry.contentType;
          if (token) headers["Authorization"] = "Bearer " + token;
          let response;
          try {
            response = await fetch(entry.url, { method: entry.method, headers, body: entry.body,
                                                 cache: "no-store", credentials: "same-origin" });
          } catch (error) {
            await note(entry, "offline");
            break;
          }
          if (response.ok || (response.status >= 400 && response.status < 500 &&
                              ![401, 408, 429].includes(response.status))) {
            await Outbox.remove(entry.key);
            done.push({ key: entry.key, label: entry.label, status: response.status });
          } else {
            await note(entry, "HTTP " + response.status);
            if (response.status === 401 || response.status >= 500) break;
          }
        }
        announce(done);
        return done;
      };
      if (scope.navigator && scope.navigator.locks) {
        return scope.navigator.locks.request(LOCK, { ifAvailable: true }, (lock) => (lock ? work() : []));
      }
      return work();
    },
  };

  async function note(entry, error) {
    entry.attempts += 1;
    entry.lastError = error;
    await run(OUTBOX, "readwrite", (s) => s.put(entry));
  }

  function announce(sent) {
    try {
      const channel = new BroadcastChannel(CHANNEL);
      channel.postMessage({ type: "outbox-changed", sent: sent || [] });
      channel.close();
    } catch (error) { /* no BroadcastChannel: the page polls the count instead */ }
  }

  Outbox.CHANNEL = CHANNEL;
  scope.MCFOutbox = Outbox;
})(self);

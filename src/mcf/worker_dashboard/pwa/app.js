/* The workers' PWA: hash routes over worker-dashboard's /api, plain DOM, no framework.
 * Views: login, offers, my orders (kit pick-up), check-in with photos, report, history. */
"use strict";

const PHOTO_MAX_SIDE = 1600;      // px: a phone's 12 MP photo becomes ~300 KB before it leaves the phone
const PHOTO_QUALITY = 0.85;
const main = document.getElementById("main");

// ---------------------------------------------------------------- session and API

const session = {
  get token() { return localStorage.getItem("mcf.token"); },
  set token(value) {
    if (value) localStorage.setItem("mcf.token", value); else localStorage.removeItem("mcf.token");
    MCFOutbox.saveToken(value || null);
  },
};

async function api(path, options = {}) {
  const headers = { "Accept": "application/json", ...(options.headers || {}) };
  if (session.token) headers["Authorization"] = "Bearer " + session.token;
  if (options.json !== undefined) {
    headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(options.json);
  }
  let response;
  try {
    response = await fetch("/api" + path, { method: options.method || "GET", headers, body: options.body });
  } catch (error) {
    throw new ApiError(0, "You are offline, and this needs the network.");
  }
  if (response.status === 401 && path !== "/login") {
    session.token = null;
    location.hash = "#/login";
    throw new ApiError(401, "Please log in again.");
  }
  const body = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, (body && (body.detail || body.title)) || response.statusText);
  return { status: response.status, body };
}

class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

// ---------------------------------------------------------------- small DOM helpers

function h(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else if (name === "text") node.textContent = value;
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) node.append(child);
  }
  return node;
}

function show(title, ...content) {
  main.replaceChildren(h("h2", { text: title }), ...content.flat());
  document.title = title + " · MCF for workers";
  main.focus({ preventScroll: true });
}

function flash(message, kind) {
  const node = document.getElementById("flash");
  node.textContent = message;
  node.className = "flash" + (kind === "error" ? " error" : "");
  node.hidden = false;
  clearTimeout(flash.timer);
  flash.timer = setTimeout(() => { node.hidden = true; }, 6000);
}

function when(iso) {
  if (!iso) return "—";
  const date = new Date(iso);
  return date.toLocaleString(undefined, { weekday: "short", day: "numeric", month: "short",
                                          hour: "2-digit", minute: "2-digit" });
}

function money(price) {
  if (!price) return "—";
  return (price.amount_minor / 100).toLocaleString(undefined, { style: "currency", currency: price.currency });
}

function details(pairs) {
  return h("dl", {}, pairs.filter(([, v]) => v !== undefined).flatMap(([k, v]) => [h("dt", { text: k }), h("dd", { text: v })]));
}

function place(order) {
  const a = order.address || {};
  const street = [a.street, a.building, a.apartment && "apt " + a.apartment].filter(Boolean).join(", ");
  return [street, a.district || order.district, a.city || order.city].filter(Boolean).join(", ");
}

function idempotencyKey() {
  return (crypto.randomUUID && crypto.randomUUID()) ||
    ([1e7] + -1e3 + -4e3 + -8e3 + -1e11).replace(/[018]/g, (c) =>
      (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16));
}

// ---------------------------------------------------------------- views

const views = {
  login() {
    const form = h("form", { novalidate: true, "aria-describedby": "login-help" },
      h("p", { id: "login-help", class: "hint", text: "Use the e-mail and password of your MCF worker account." }),
      h("label", { for: "email", text: "E-mail" }),
      h("input", { id: "email", name: "email", type: "email", autocomplete: "username", required: true }),
      h("label", { for: "password", text: "Password" }),
      h("input", { id: "password", name: "password", type: "password", autocomplete: "current-password", required: true }),
      h("p", {}, h("button", { type: "submit", text: "Log in" })));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const data = new FormData(form);
      try {
        const { body } = await api("/login", { method: "POST", json: { email: data.get("email"), password: data.get("password") } });
        session.token = body.token;
        location.hash = "#/offers";
      } catch (error) {
        flash(error.status === 401 ? "The e-mail or the password is wrong." : error.message, "error");
      }
    });
    show("Log in", form);
  },

  async offers() {
    const { body } = await api("/offers");
    const list = body.map((offer) => h("article", { class: "card", "aria-labelledby": "offer-" + offer.id },
      h("h3", { id: "offer-" + offer.id, text: `${offer.toy_category} · ${when(offer.slot_start)}` }),
      details([["Where", place(offer)], ["Until", when(offer.slot_end)], ["Pay", money(offer.price)],
               ["Answer by", when(offer.offer_expires_at)]]),
      h("div", { class: "actions" },
        h("button", { type: "button", "data-accept": offer.id, onclick: () => decide(offer, "accept"),
                      "aria-label": `Accept the ${offer.toy_category} order on ${when(offer.slot_start)}`, text: "Accept" }),
        h("button", { type: "button", class: "secondary", onclick: () => decide(offer, "decline"),
                      "aria-label": `Decline the ${offer.toy_category} order on ${when(offer.slot_start)}`, text: "Decline" }))));
    show("Offers", list.length ? list : h("p", { class: "empty", text: "No offers right now. New ones appear here." }));
  },

  async orders() {
    const { body } = await api("/orders");
    show("My orders", body.length ? body.map(orderCard) : h("p", { class: "empty", text: "No orders yet: accept an offer first." }));
  },

  async order(id) {
    const { body } = await api("/orders/" + id);
    show("Order", orderCard(body));
  },

  async checkIn(id) {
    const previews = h("div", { class: "previews", "aria-live": "polite" });
    const photos = h("input", { id: "photos", name: "photos", type: "file", accept: "image/*", capture: "environment",
                                multiple: true, required: true, "aria-describedby": "photos-hint" });
    photos.addEventListener("change", () => preview(photos, previews));
    const form = h("form", { novalidate: true },
      h("p", { text: "Take a photo at the client's door to mark the start of the order." }),
      h("label", { for: "photos", text: "Photo" }, h("span", { id: "photos-hint", class: "hint", text: "At least one. It is made smaller on your phone before sending." })),
      photos, previews,
      h("label", { class: "check" }, h("input", { type: "checkbox", name: "share_location", id: "share-location" }),
        "Share my rough location (about 1 km)"),
      h("p", {}, h("button", { type: "submit", text: "Check in" })));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      submitWith(form, async () => {
        if (!photos.files.length) throw new ApiError(422, "Add at least one photo.");
        const data = new FormData();
        data.append("time", new Date().toISOString());   // when it happened, even if it is sent later
        for (const file of photos.files) data.append("photos", await resizePhoto(file));
        if (form.elements.share_location.checked) {
          const spot = await roughLocation();
          if (spot) { data.append("latitude", spot.latitude); data.append("longitude", spot.longitude); }
        }
        return send(`/orders/${id}/check-in`, data, "check-in", `#/orders`);
      });
    });
    show("Check in", form);
  },

  async report(id) {
    const toys = h("div", { id: "toys" });
    const addToy = () => toys.append(toyRow(toys.children.length));
    addToy();
    const photos = h("input", { id: "report-photos", name: "photos", type: "file", accept: "image/*", capture: "environment", multiple: true });
    const previews = h("div", { class: "previews", "aria-live": "polite" });
    photos.addEventListener("change", () => preview(photos, previews));
    const form = h("form", { novalidate: true },
      h("fieldset", {}, h("legend", { text: "Toys tested and the cat's reaction" }), toys,
        h("button", { type: "button", class: "secondary", onclick: addToy, text: "Add a toy" })),
      h("label", { for: "duration", text: "Duration (minutes)" }),
      h("input", { id: "duration", name: "duration_minutes", type: "number", min: "1", max: "1440", inputmode: "numeric", required: true, value: "60" }),
      h("label", { for: "notes", text: "Notes" }),
      h("textarea", { id: "notes", name: "notes", rows: "4", maxlength: "4000" }),
      h("label", { for: "report-photos", text: "Photos (optional)" }), photos, previews,
      h("p", {}, h("button", { type: "submit", text: "File the report" })));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      submitWith(form, async () => {
        const rows = [...toys.querySelectorAll(".toy")].map((row) => ({
          toy: row.querySelector("input").value.trim(), reaction: Number(row.querySelector("select").value) }))
          .filter((row) => row.toy);
        if (!rows.length) throw new ApiError(422, "Name at least one toy.");
        const data = new FormData();
        data.append("toys", JSON.stringify(rows));
        data.append("duration_minutes", form.elements.duration_minutes.value);
        data.append("notes", form.elements.notes.value);
        for (const file of photos.files) data.append("photos", await resizePhoto(file));
        return send(`/orders/${id}/report`, data, "report", "#/history");
      });
    });
    show("Report", form);
  },

  async history() {
    const { body } = await api("/history");
    show("History", body.length ? body.map((order) => h("article", { class: "card" },
      h("h3", { text: `${order.toy_category} · ${when(order.slot_start)}` }),
      details([["Status", order.status], ["Where", place(order)], ["Pay", money(order.price)]]))) :
      h("p", { class: "empty", text: "Finished orders appear here." }));
  },
};

function orderCard(order) {
  const kit = order.kit || {};
  const pickup = kit.pickup_point || {};
  return h("article", { class: "card", "aria-labelledby": "order-" + order.id },
    h("h3", { id: "order-" + order.id, text: `${order.toy_category} · ${when(order.slot_start)}` }),
    h("p", { class: "status", text: order.status.replace("_", " ") }),
    details([["Cat", order.cat_name || "—"], ["Address", place(order)], ["Until", when(order.slot_end)],
             ["Kit", kit.ready ? "ready for pick-up" : "being prepared"],
             ["Pick up at", kit.ready ? [pickup.name, pickup.address].filter(Boolean).join(", ") : undefined],
             ["Fortune", kit.fortune ? kit.fortune.text : undefined]]),
    h("div", { class: "actions" },
      order.status === "confirmed" ? h("a", { class: "button", href: `#/orders/${order.id}/check-in`, text: "Check in" }) : null,
      order.status === "in_progress" ? h("a", { class: "button", href: `#/orders/${order.id}/report`, text: "File the report" }) : null));
}

function toyRow(index) {
  const id = "toy-" + index;
  return h("div", { class: "toy" },
    h("div", {}, h("label", { for: id, text: "Toy" }), h("input", { id, name: "toy", autocomplete: "off" })),
    h("div", {}, h("label", { for: id + "-reaction", text: "Reaction" }),
      h("select", { id: id + "-reaction", name: "reaction" },
        [["5", "5 · loved it"], ["4", "4 · liked it"], ["3", "3 · curious"], ["2", "2 · bored"], ["1", "1 · ignored it"]]
          .map(([value, text]) => h("option", { value, text })))));
}

async function decide(offer, decision) {
  try {
    await api(`/offers/${offer.id}/${decision}`, { method: "POST" });
    flash(decision === "accept" ? "Accepted: it is in My orders." : "Declined.");
    if (decision === "accept") location.hash = "#/orders"; else route();
  } catch (error) {
    flash(error.message, "error");
  }
}

/* A check-in or report: one idempotency key per submission, made here and reused by every retry. */
async function send(path, data, label, next) {
  const key = idempotencyKey();
  const request = new Request("/api" + path, { method: "POST", body: data,
    headers: { "Idempotency-Key": key, "Accept": "application/json", "Authorization": "Bearer " + session.token } });
  let response;
  try {
    response = await fetch(request.clone());
  } catch (error) {
    // No service worker yet (first visit) and no network: the page keeps it in the outbox itself.
    await MCFOutbox.queue(request, label);
    response = new Response(JSON.stringify({ queued: true }), { status: 202 });
  }
  const body = await response.json().catch(() => ({}));
  if (response.status === 202 && body.queued) {
    flash(`No network: your ${label} is kept on this phone and sent as soon as you are online.`);
  } else if (response.ok) {
    flash(label === "check-in" ? "Checked in." : "Report filed. Thank you!");
  } else {
    throw new ApiError(response.status, body.detail || body.title || response.statusText);
  }
  location.hash = next;
  refreshOutbox();
}

async function submitWith(form, work) {
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try { await work(); } catch (error) { flash(error.message, "error"); } finally { button.disabled = false; }
}

/* On the phone, before upload: downscale to PHOTO_MAX_SIDE and re-encode as JPEG. Re-encoding through a canvas
 * also drops the EXIF block, GPS position included. */
async function resizePhoto(file) {
  const bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  const scale = Math.min(1, PHOTO_MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", PHOTO_QUALITY));
  return new File([blob], (file.name || "photo").replace(/\.[^.]*$/, "") + ".jpg", { type: "image/jpeg" });
}

function preview(input, target) {
  target.replaceChildren(...[...input.files].map((file, index) =>
    h("img", { src: URL.createObjectURL(file), alt: `Photo ${index + 1} of ${input.files.length}` })));
}

function roughLocation() {
  if (!navigator.geolocation) return Promise.resolve(null);
  return new Promise((resolve) => navigator.geolocation.getCurrentPosition(
    (spot) => resolve({ latitude: spot.coords.latitude.toFixed(2), longitude: spot.coords.longitude.toFixed(2) }),
    () => resolve(null), { timeout: 5000, maximumAge: 600000 }));
}

// ---------------------------------------------------------------- routing, network, outbox

async function route() {
  const [, name = "offers", id, sub] = (location.hash || "#/offers").split("/");
  const loggedIn = Boolean(session.token);
  document.getElementById("tabs").hidden = !loggedIn;
  if (!loggedIn && name !== "login") { location.hash = "#/login"; return; }
  for (const tab of document.querySelectorAll("[data-tab]")) {
    if (tab.dataset.tab === name) tab.setAttribute("aria-current", "page"); else tab.removeAttribute("aria-current");
  }
  try {
    if (name === "orders" && id && sub === "check-in") await views.checkIn(id);
    else if (name === "orders" && id && sub === "report") await views.report(id);
    else if (name === "orders" && id) await views.order(id);
    else if (views[name]) await views[name]();
    else await views.offers();
  } catch (error) {
    if (error.status !== 401) show("Not available", h("p", { text: error.message }));
  }
}

function showNetwork() {
  const node = document.getElementById("network");
  node.textContent = navigator.onLine ? "Online" : "Offline";
  node.classList.toggle("offline", !navigator.onLine);
}

async function refreshOutbox() {
  const count = await MCFOutbox.count();
  const node = document.getElementById("outbox");
  node.hidden = count === 0;
  node.textContent = count === 1 ? "1 submission waits to be sent." : `${count} submissions wait to be sent.`;
}

async function flushOutbox() {
  const registration = navigator.serviceWorker && await navigator.serviceWorker.getRegistration();
  if (registration && registration.active) registration.active.postMessage({ type: "flush" });
  else await MCFOutbox.flush();
}

window.addEventListener("hashchange", route);
window.addEventListener("online", () => { showNetwork(); flushOutbox(); });
window.addEventListener("offline", showNetwork);
document.getElementById("logout").addEventListener("click", async () => {
  session.token = null;
  const registration = navigator.serviceWorker && await navigator.serviceWorker.getRegistration();
  if (registration && registration.active) registration.active.postMessage({ type: "logout" });
  location.hash = "#/login";
});
try {
  const channel = new BroadcastChannel(MCFOutbox.CHANNEL);
  channel.onmessage = (event) => {
    refreshOutbox();
    for (const sent of event.data.sent || []) {
      flash(sent.status < 300 ? `Your ${sent.label} was sent.` : `Your ${sent.label} was refused (${sent.status}).`,
            sent.status < 300 ? "" : "error");
    }
  };
} catch (error) { setInterval(refreshOutbox, 5000); }

if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch((error) => console.warn("no service worker", error));
}
if (session.token) MCFOutbox.saveToken(session.token);
showNetwork();
refreshOutbox();
route().then(() => { if (navigator.onLine) flushOutbox(); });

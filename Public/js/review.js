// ParIndex — reviewer pages, made quicker; the page works fully without this module.
// - A save (appraisal, question, settlement) goes to the same form address with
//   `X-ParIndex-Fragment: row`: the server answers with that item's row and the bar, which replace
//   theirs in place — no page reload. A refusal comes back the same way, with the message in the
//   row and what was typed kept. What is typed stays in the browser until the server confirms it
//   (drafts.js).
// - The bar counts the items ticked for the bulk acceptance, and its "next" link goes to the next
//   item waiting for the council below the one in view.
// - Keyboard shortcuts (documented on the page): j = next item, k = previous item, a = the current
//   item's appraisal input. Keys are ignored while typing in a field or with a modifier held.
import { adopt, confirmed, refused, snapshot } from "./drafts.js";

const root = document.getElementById("review-page");
const message = (name) => (root && root.dataset["msg" + name]) || "";
const items = () => Array.from(document.querySelectorAll("article.item"));

const typing = (element) =>
  !!element && (element.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(element.tagName));

const currentItem = () => {
  const active = document.activeElement;
  const inside = active && active.closest ? active.closest("article.item") : null;
  if (inside) return inside;
  const fromHash = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
  return fromHash && fromHash.matches("article.item") ? fromHash : null;
};

const show = (article) => {
  article.focus({ preventScroll: true });
  article.scrollIntoView({ block: "start" });
  history.replaceState(null, "", `#${article.id}`);
};

/** Where the part of the page under the sticky bar begins. */
const viewTop = () => {
  const bar = document.querySelector(".reviewbar");
  return (bar && getComputedStyle(bar).position === "sticky" ? bar.getBoundingClientRect().bottom : 0) + 2;
};

const move = (step) => {
  const list = items();
  if (list.length === 0) return;
  const current = currentItem();
  let target;
  if (current) {
    const index = list.indexOf(current);
    target = list[Math.min(list.length - 1, Math.max(0, index + step))];
  } else if (step > 0) {
    target = list.find((article) => article.getBoundingClientRect().top > viewTop()) || list[list.length - 1];
  } else {
    target = list.slice().reverse().find((article) => article.getBoundingClientRect().top < -1) || list[0];
  }
  show(target);
};

const appraise = () => {
  const article = currentItem() || items().find((candidate) => candidate.getBoundingClientRect().bottom > 0);
  if (!article) return;
  const input =
    article.querySelector("[data-appraisal-input]:checked") ||
    article.querySelector("[data-appraisal-input]") ||
    article.querySelector("form textarea, form input:not([type=hidden])");
  if (input) {
    input.focus();
    input.scrollIntoView({ block: "center" });
  }
};

document.addEventListener("keydown", (event) => {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
  const actions = { j: () => move(1), k: () => move(-1), a: appraise };
  const action = actions[event.key];
  if (!action) return;
  event.preventDefault();
  action();
});

// MARK: the bar

/** How many items are ticked for the bulk acceptance, on its button. */
const countPicked = () => {
  const count = document.querySelectorAll("input[data-pick]:checked").length;
  for (const place of document.querySelectorAll("[data-picked]")) place.textContent = String(count);
};

/** The next item waiting for the council below the one in view (or focused), round to the first. */
const nextWaiting = () => {
  const waiting = items().filter((article) => article.hasAttribute("data-waiting"));
  if (waiting.length === 0) return null;
  const current = currentItem();
  const after = current
    ? waiting.find((article) => article.compareDocumentPosition(current) & Node.DOCUMENT_POSITION_PRECEDING)
    : waiting.find((article) => article.getBoundingClientRect().top > viewTop());
  return after || waiting[0];
};

document.addEventListener("change", (event) => {
  if (event.target instanceof Element && event.target.matches("input[data-pick]")) countPicked();
});
document.addEventListener("click", (event) => {
  const link = event.target instanceof Element ? event.target.closest("a[data-next-waiting]") : null;
  if (!link) return;
  const target = nextWaiting();
  if (!target) return;
  event.preventDefault();
  show(target);
});

// MARK: saving one row

const csrf = () => {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.content : "";
};

/** A row's own error line (a refusal the server could not render into the row). */
const rowError = (form, text, signIn = false) => {
  const box = form.querySelector("[data-row-error]");
  if (!box) return;
  box.textContent = text;
  if (signIn) {
    const link = document.createElement("a");
    link.href = `/login?next=${encodeURIComponent(location.pathname + location.search)}`;
    link.textContent = message("SignIn");
    box.append(" ", link);
  }
  box.hidden = !text;
};

/** Puts the server's row (and bar) in place of the old ones; ticks and focus carry over. */
const swap = (article, html) => {
  const holder = document.createElement("template");
  holder.innerHTML = html;
  const fresh = holder.content.querySelector("article.item");
  const bar = holder.content.querySelector("[data-review-bar]");
  if (!fresh) return null;
  const picked = new Set(Array.from(document.querySelectorAll("input[data-pick]:checked")).map((box) => box.value));
  article.replaceWith(fresh);
  const current = document.querySelector("[data-review-bar]");
  if (bar && current) current.innerHTML = bar.innerHTML;
  for (const box of document.querySelectorAll("input[data-pick]")) box.checked = picked.has(box.value);
  countPicked();
  adopt(fresh);
  return fresh;
};

const saveRow = async (form) => {
  const article = form.closest("article.item");
  const sent = snapshot(form);
  const button = form.querySelector("button[type=submit]");
  if (button) button.disabled = true;
  rowError(form, "");
  try {
    const response = await fetch(form.action, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "X-ParIndex-Fragment": "row", "X-CSRF-Token": csrf() },
      body: new URLSearchParams(new FormData(form)),
    });
    const type = response.headers.get("Content-Type") || "";
    if (response.status === 401) {
      refused(form);
      rowError(form, message("Expired"), true);
      return;
    }
    if (!type.startsWith("text/html")) {
      refused(form);
      const data = await response.json().catch(() => null);
      rowError(form, (data && data.error && data.error.message) || `${response.status}`);
      return;
    }
    const html = await response.text();
    if (response.ok) confirmed(form, sent);
    else refused(form);
    const fresh = swap(article, html);
    if (!fresh) {
      rowError(form, `${response.status}`);
      return;
    }
    const focus = fresh.querySelector("[autofocus]");
    if (focus) focus.focus();
    else fresh.focus({ preventScroll: true });
  } catch {
    refused(form);
    rowError(form, message("Offline"));
  } finally {
    if (button && button.isConnected) button.disabled = false;
  }
};

document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.matches("form[data-row-save]")) return;
  event.preventDefault();
  saveRow(form);
});

countPicked();

// After saving without this module, the server sends the reviewer back to "#item-CODE": put the
// keyboard there too, unless a field already took focus (an error re-render focuses the field at fault).
const landed = currentItem();
if (landed && (document.activeElement === document.body || document.activeElement === null)) {
  landed.focus({ preventScroll: true });
}

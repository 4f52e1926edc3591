// ParIndex — nothing typed is lost. Every form marked `data-draft="<identity>"` keeps what is typed
// in localStorage (keyed by page path and form identity, one entry per field) until the server
// confirms it; a session that ends, a refused save or a closed tab leaves the text in the browser,
// and the next visit to the page — typically right after signing in again — puts it back with a
// visible notice. The form's item version (`version` field, else `data-draft-version`) tells a save
// that went through (the version moved on) from one that did not.
const PREFIX = "parindex:draft:";
const SKIPPED = new Set(["_csrf", "version", "filter"]);

const english = () => document.documentElement.lang === "en";
const words = () =>
  english()
    ? { page: "Restored unsaved input typed earlier on this page. Check it, then save.", form: "Restored unsaved input: not saved yet." }
    : {
        page: "Đã khôi phục nội dung chưa lưu đã nhập trước đó trên trang này. Hãy kiểm tra rồi bấm Lưu.",
        form: "Đã khôi phục nội dung chưa lưu: chưa được lưu lên máy chủ.",
      };

const keyFor = (form) => `${PREFIX}${location.pathname}:${form.dataset.draft}`;

const versionOf = (form) => {
  const field = form.querySelector('input[name="version"]');
  return field ? field.value : form.dataset.draftVersion || "";
};

/** The fields a person types into, by name (hidden fields, tokens and files are not typed work). */
export const snapshot = (form) => {
  const values = {};
  for (const element of form.elements) {
    const name = element.name;
    if (!name || SKIPPED.has(name)) continue;
    const type = (element.type || "").toLowerCase();
    if (["hidden", "file", "password", "submit", "button", "reset"].includes(type)) continue;
    if (type === "radio") {
      if (!(name in values)) values[name] = "";
      if (element.checked) values[name] = element.value;
    } else if (type === "checkbox") {
      values[name] = element.checked ? element.value : "";
    } else {
      values[name] = element.value;
    }
  }
  return values;
};

const read = (form) => {
  try {
    const stored = JSON.parse(localStorage.getItem(keyFor(form)) || "null");
    return stored && typeof stored.values === "object" ? stored : null;
  } catch {
    return null;
  }
};

const write = (form, record) => {
  try {
    localStorage.setItem(keyFor(form), JSON.stringify(record));
  } catch {
    // Storage full or disabled: the form still works as before.
  }
};

const remove = (form) => {
  try {
    localStorage.removeItem(keyFor(form));
  } catch {
    // Nothing stored.
  }
};

/** "0.5" and "0,50" are the same points; text compares without surrounding space, in NFC. */
const canonical = (text) => {
  const value = String(text ?? "").trim().normalize("NFC");
  const points = /^(\d{1,12})(?:[.,](\d{1,2}))?$/.exec(value);
  return points ? String(Number(points[1]) * 100 + Number((points[2] || "").padEnd(2, "0"))) : value;
};

const same = (a, b) => {
  for (const name of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (canonical(a[name]) !== canonical(b[name])) return false;
  }
  return true;
};

const put = (form, values) => {
  for (const element of form.elements) {
    const name = element.name;
    if (!name || !(name in values) || SKIPPED.has(name)) continue;
    const type = (element.type || "").toLowerCase();
    if (type === "radio") element.checked = element.value === values[name];
    else if (type === "checkbox") element.checked = values[name] !== "";
    else if (!["hidden", "file", "password", "submit", "button", "reset"].includes(type)) element.value = values[name];
  }
};

/** What the page showed when it loaded, per form: typing back to it leaves nothing unsaved. */
const baseline = new WeakMap();

const remember = (form, extra = {}) => {
  const values = snapshot(form);
  if (same(values, baseline.get(form) || {})) {
    remove(form);
    return;
  }
  const previous = read(form);
  write(form, { values, version: versionOf(form), sent: !!(previous && previous.sent), at: Date.now(), ...extra });
};

/**
 * The server confirmed the values `sent` (a snapshot taken when the save began): forget them,
 * unless the person typed on meanwhile — then keep the newer text, as of the saved version.
 */
export const confirmed = (form, sent) => {
  const now = snapshot(form);
  baseline.set(form, sent);
  if (same(now, sent)) remove(form);
  else write(form, { values: now, version: versionOf(form), sent: false, at: Date.now() });
};

/** The save did not go through: whatever happens next, the text stays until confirmed. */
export const refused = (form) => {
  const stored = read(form);
  if (stored) write(form, { ...stored, sent: false });
  else remember(form);
};

/** A status line, once per place: `data-<marker>` names it so that it is not added twice. */
const statusLine = (parent, marker, text) => {
  if (parent.querySelector(`[data-${marker}]`)) return;
  const line = document.createElement("p");
  line.className = "notice draft-restored";
  line.setAttribute(`data-${marker}`, "");
  line.setAttribute("role", "status");
  line.textContent = text;
  parent.prepend(line);
};

const notice = (form) => {
  statusLine(form, "draft-restored", words().form);
  statusLine(document.getElementById("main") || document.body, "draft-notice", words().page);
};

/**
 * On load: a draft the page already shows is dropped (or kept, while the server still reports
 * that form's save as failed); a draft whose save went through — sent, and the item's version
 * moved on — is dropped; any other draft is put back into its form, with a notice.
 */
const restore = (form) => {
  const shown = snapshot(form);
  baseline.set(form, shown);
  const stored = read(form);
  if (!stored) return;
  const failed = form.hasAttribute("data-draft-failed");
  if (same(stored.values, shown)) {
    if (failed) write(form, { ...stored, version: versionOf(form), sent: false });
    else remove(form);
    return;
  }
  if (stored.sent && !failed && String(stored.version) !== versionOf(form)) {
    remove(form);
    return;
  }
  put(form, stored.values);
  write(form, { ...stored, version: versionOf(form), sent: false });
  notice(form);
  form.dispatchEvent(new CustomEvent("draft-restored", { bubbles: true }));
};

/** Puts drafts back into the forms inside `root` (the page, or a row the page just replaced). */
export const adopt = (root) => {
  for (const form of root.querySelectorAll("form[data-draft]")) restore(form);
};

const start = () => adopt(document);

/** The draft form a field belongs to: its own form (a field may sit outside it, tied by its `form`
 * attribute), else the form around it. */
const draftForm = (target) => {
  if (!(target instanceof Element)) return null;
  if (target.form instanceof HTMLFormElement) return target.form.matches("form[data-draft]") ? target.form : null;
  return target.closest("form[data-draft]");
};

document.addEventListener("input", (event) => {
  const form = draftForm(event.target);
  if (form) remember(form);
});
document.addEventListener("change", (event) => {
  const form = draftForm(event.target);
  if (form) remember(form);
});
// A plain (no-fetch) submit may still fail or meet an ended session: the text stays, marked as sent.
document.addEventListener("submit", (event) => {
  const form = event.target instanceof HTMLFormElement && event.target.matches("form[data-draft]") ? event.target : null;
  if (form) remember(form, { sent: true });
});

// Module scripts run before DOMContentLoaded: waiting for it lets the page's own modules listen
// for `draft-restored` first.
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();

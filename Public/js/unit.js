// ParIndex — the unit's self-assessment grid, made quicker. Every row already works as a plain form;
// this module adds: the points shown while typing (display only — the server computes the points
// that count, with the same integer arithmetic in hundredths), autosave of each row to the JSON API
// (debounced, with the item's version, flushed when the tab is hidden or closed), evidence uploads
// with a progress bar, and deleting evidence without leaving the page. What is typed stays in the
// browser until a save is confirmed (drafts.js), so an ended session loses nothing.
import { confirmed, refused, snapshot } from "./drafts.js";

const root = document.getElementById("unit-page");

const csrf = () => {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.content : "";
};

const message = (name, values = {}) => {
  let text = (root && root.dataset["msg" + name]) || "";
  for (const [key, value] of Object.entries(values)) text = text.split(`{${key}}`).join(String(value));
  return text;
};

const english = () => root && root.dataset.lang === "en";

/** Hundredths → "1.234,50" (vi) or "1,234.50" (en). */
const formatPoints = (hundredths) => {
  const sign = hundredths < 0 ? "-" : "";
  const magnitude = Math.abs(hundredths);
  const whole = String(Math.floor(magnitude / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, english() ? "," : ".");
  const fraction = String(magnitude % 100).padStart(2, "0");
  return `${sign}${whole}${english() ? "." : ","}${fraction}`;
};

/** Bytes → "512 B", "12,3 KB", "4,0 MB" (as the server writes them). */
const formatBytes = (size) => {
  const tenths = (value, unit) => {
    const t = Math.floor((value * 10 + unit / 2) / unit);
    return `${Math.floor(t / 10)}${english() ? "." : ","}${t % 10}`;
  };
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${tenths(size, 1024)} KB`;
  return `${tenths(size, 1024 * 1024)} MB`;
};

/** "0,25" / "0.25" / "3" → 25 / 25 / 300 hundredths; anything looser → null. */
const parsePoints = (text) => {
  const match = /^\s*(\d{1,12})(?:[.,](\d{1,2}))?\s*$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] || "").padEnd(2, "0"));
};

const parseCount = (text) => (/^\s*\d{1,10}\s*$/.test(text) ? Number(text) : null);

const field = (row, selector) => row.querySelector(selector);
const value = (row, name) => {
  const element = row.querySelector(`[name="${name}"]`);
  return element ? element.value : "";
};

/**
 * What a row's form says now: the points to show (hundredths or null), and the API body to save,
 * or why it cannot be saved yet.
 */
const readRow = (row) => {
  const rule = JSON.parse(row.dataset.rule || "{}");
  const noteElement = field(row, "[data-note]");
  const note = noteElement ? noteElement.value : "";
  const na = field(row, "[data-na]");
  const saved = row.dataset.self !== "" || row.dataset.na === "true";
  if (na && na.checked) {
    const reason = value(row, "naReason").trim();
    if (!reason) return { na: true, points: null, skip: "NeedReason" };
    return { na: true, points: null, body: { notApplicable: { reason }, note } };
  }
  let points = null;
  let entry = null;
  let incomplete = false;
  switch (rule.kind) {
    case "scale":
    case "bonus":
    case "deduction": {
      const text = value(row, "points");
      if (text.trim() === "") break;
      const hundredths = parsePoints(text);
      if (hundredths === null) {
        incomplete = true;
        break;
      }
      entry = { points: hundredths / 100 };
      if (hundredths <= rule.max && rule.step > 0 && hundredths % rule.step === 0) points = hundredths;
      break;
    }
    case "choice": {
      const select = row.querySelector('select[name="choice"]');
      if (!select || select.value === "") break;
      const index = Number(select.value);
      entry = { choice: index };
      points = rule.options[index] ?? null;
      break;
    }
    case "ratio_tiers":
    case "ratio_linear": {
      const n = value(row, "numerator");
      const d = value(row, "denominator");
      if (n.trim() === "" && d.trim() === "") break;
      const numerator = parseCount(n);
      const denominator = parseCount(d);
      if (numerator === null || denominator === null) {
        incomplete = true;
        break;
      }
      entry = { inputs: { numerator, denominator } };
      if (denominator > 0 && numerator <= denominator) {
        if (rule.kind === "ratio_tiers") {
          // 100 × n ÷ d ≥ atLeast  ⇔  atLeast(hundredths) × d ≤ 10000 × n, compared exactly.
          const tier = rule.tiers.find((t) => t.atLeast * denominator <= 10000 * numerator);
          points = tier ? tier.points : 0;
        } else {
          // max × n ÷ d, rounded half-up to the hundredth.
          points = Math.floor((2 * rule.max * numerator + denominator) / (2 * denominator));
        }
      }
      break;
    }
    default:
      return { points: null, skip: "" };
  }
  if (incomplete) return { points: null, skip: "Incomplete" };
  if (entry) return { points, body: { ...entry, note } };
  // Nothing entered: a note alone updates a saved row; an untouched empty row is not saved.
  if (saved) return { points: row.dataset.self === "" ? null : Number(row.dataset.self), body: { note } };
  return { points: null, skip: note.trim() ? "Incomplete" : "" };
};

const setStatus = (row, text, error = false) => {
  const status = field(row, "[data-status]");
  if (!status) return;
  status.textContent = text;
  status.classList.toggle("error", error);
};

const setError = (row, text) => {
  const box = field(row, "[data-error]");
  if (!box) return;
  box.textContent = text || "";
  box.hidden = !text;
};

/** The points cell of a row from what is typed now (the totals above are left as they are). */
const showRowPoints = (row) => {
  const output = field(row, "[data-points]");
  if (!output || row.dataset.editable === undefined) return;
  const { points, na } = readRow(row);
  output.textContent = na ? "—" : points === null ? "—" : formatPoints(points);
  for (const input of row.querySelectorAll("[data-input]")) input.disabled = !!na;
  row.dataset.live = na ? "na" : points === null ? "" : String(points);
};

/** The points cell of a row, and the totals and field sums above, from what is typed now. */
const showPoints = (row) => {
  showRowPoints(row);
  showTotals();
};

/** Each row's current points and applicability: typed (editable rows) or as saved. */
const current = (row) => {
  const rule = JSON.parse(row.dataset.rule || "{}");
  if (row.dataset.live !== undefined) {
    return { rule, na: row.dataset.live === "na", points: row.dataset.live === "" || row.dataset.live === "na" ? null : Number(row.dataset.live) };
  }
  return { rule, na: row.dataset.na === "true", points: row.dataset.self === "" ? null : Number(row.dataset.self) };
};

const sum = (rows) => {
  let total = 0;
  let max = 0;
  let scored = 0;
  let scorable = 0;
  for (const row of rows) {
    const { rule, na, points } = current(row);
    if (na) continue;
    if (row.dataset.counts === "true") max += rule.max;
    if (rule.kind !== "survey") {
      scorable += 1;
      if (points !== null) scored += 1;
    }
    if (points !== null) total += rule.kind === "deduction" ? -points : points;
  }
  return { total, max, scored, scorable };
};

const showTotals = () => {
  const rows = Array.from(document.querySelectorAll("tbody.item"));
  const { total, max, scored, scorable } = sum(rows);
  let counted = Math.max(total, 0);
  if (root.dataset.cap === "true") counted = Math.min(counted, max);
  const set = (selector, text) => {
    const cell = document.querySelector(selector);
    if (cell) cell.textContent = text;
  };
  set("[data-total-points]", formatPoints(max > 0 ? counted : total));
  set("[data-total-max]", formatPoints(max));
  set("[data-total-index]", max > 0 ? formatPoints(Math.floor((2 * 10000 * counted + max) / (2 * max))) : "—");
  set("[data-total-scored]", `${scored}/${scorable}`);
  showMissingEvidence();
  for (const details of document.querySelectorAll("details.field")) {
    const part = sum(Array.from(details.querySelectorAll("tbody.item")));
    const text = message("FieldSummary", { points: formatPoints(part.total), max: formatPoints(part.max) });
    const target = details.querySelector("[data-field-sum]");
    if (target) target.textContent = text;
    const heading = details.querySelector("h2[id^='field-']");
    const contents = heading ? document.querySelector(`[data-toc-sum="${CSS.escape(heading.id.slice("field-".length))}"]`) : null;
    if (contents) contents.textContent = text;
  }
  showMissing();
};

// MARK: what is still missing

/** A scored, applicable row without points, or without its required evidence. */
const isMissing = (row) => {
  if (row.dataset.scored === undefined) return false;
  const { na, points } = current(row);
  if (na) return false;
  const need = row.querySelector("[data-evidence-need]");
  return points === null || !!(need && need.classList.contains("required"));
};

/** Marks the rows still missing something, and points the bar's link at the first of them. */
const showMissing = () => {
  const rows = Array.from(document.querySelectorAll("tbody.item"));
  let first = null;
  for (const row of rows) {
    const missing = isMissing(row);
    row.classList.toggle("missing", missing);
    if (missing && !first) first = row;
  }
  const link = document.querySelector("[data-next-missing]");
  if (!link) return;
  if (first && link.tagName === "A") link.href = `#${first.id}`;
  link.hidden = !first && link.tagName === "A";
};

/** The next row missing something below the one in view (or focused), round to the first. */
const nextMissing = () => {
  const rows = Array.from(document.querySelectorAll("tbody.item.missing"));
  if (rows.length === 0) return null;
  const active = document.activeElement && document.activeElement.closest ? document.activeElement.closest("tbody.item") : null;
  const bar = document.querySelector(".gridbar");
  const line = (bar ? bar.getBoundingClientRect().bottom : 0) + 2;
  const after = active
    ? rows.find((row) => row.compareDocumentPosition(active) & Node.DOCUMENT_POSITION_PRECEDING)
    : rows.find((row) => row.getBoundingClientRect().top > line);
  return after || rows[0];
};

// MARK: autosave

const pending = new Map();

const apiFor = (row) => `${root.dataset.api}/items/${encodeURIComponent(row.dataset.criterion)}`;

const save = async (row, { keepalive = false } = {}) => {
  const state = pending.get(row) || {};
  pending.set(row, state);
  clearTimeout(state.timer);
  state.timer = null;
  if (state.inflight) {
    state.again = true;
    return;
  }
  const read = readRow(row);
  if (!read.body) {
    setStatus(row, read.skip ? message(read.skip) : "", !!read.skip);
    return;
  }
  const version = field(row, "[data-version]");
  const body = { ...read.body, version: Number(version ? version.value : 0) };
  const form = field(row, "form[data-entry]");
  const sent = form ? snapshot(form) : null;
  state.inflight = true;
  setStatus(row, message("Saving"));
  try {
    const response = await fetch(apiFor(row), {
      method: "PUT",
      credentials: "same-origin",
      keepalive,
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRF-Token": csrf() },
      body: JSON.stringify(body),
    });
    const data = await response.json().catch(() => null);
    if (response.ok && data) {
      if (version) version.value = String(data.version);
      const self = data.self;
      row.dataset.na = String(data.applicable === false);
      row.dataset.self = self && self.points !== null && self.points !== undefined ? String(Math.round(self.points * 100)) : "";
      const now = new Date();
      const time = `${String(now.getHours()).padStart(2, "0")}:${String(now.getMinutes()).padStart(2, "0")}`;
      setStatus(row, message("Saved", { time }));
      const badge = field(row, "[data-state]");
      if (badge) badge.textContent = message(data.applicable === false ? "Na" : row.dataset.self !== "" ? "Entered" : "Empty");
      setError(row, "");
      row.classList.remove("has-error");
      if (form) confirmed(form, sent);
    } else if (response.status === 401) {
      // The session ended: the typed text stays in this browser; signing in again comes back here.
      if (form) refused(form);
      setStatus(row, message("Failed"), true);
      setError(row, message("Expired"));
      const box = field(row, "[data-error]");
      if (box) {
        const link = document.createElement("a");
        link.href = `/login?next=${encodeURIComponent(location.pathname + location.search)}`;
        link.textContent = message("SignIn");
        box.append(" ", link);
      }
    } else {
      if (form) refused(form);
      const text = (data && data.error && data.error.message) || `${response.status}`;
      setStatus(row, message("Failed"), true);
      setError(row, text);
    }
  } catch {
    if (form) refused(form);
    setStatus(row, message("Offline"), true);
  } finally {
    state.inflight = false;
    if (state.again) {
      state.again = false;
      save(row);
    }
  }
};

const schedule = (row) => {
  const state = pending.get(row) || {};
  pending.set(row, state);
  clearTimeout(state.timer);
  state.timer = setTimeout(() => save(row), 600);
};

/** Sends every row still waiting for its debounce, so closing the tab loses nothing. */
const flush = () => {
  for (const [row, state] of pending) {
    if (state.timer) save(row, { keepalive: true });
  }
};

// MARK: evidence

const evidenceItem = (row, evidence) => {
  const item = document.createElement("li");
  item.dataset.evidence = evidence.id;
  const download = `/api/v1/evidence/${encodeURIComponent(evidence.id)}`;
  // PDFs and images open in the browser through the page route; other files download.
  const inline = ["application/pdf", "image/jpeg", "image/png"].includes(evidence.contentType);
  const link = document.createElement("a");
  link.href = inline ? `${root.dataset.base}/evidence/${encodeURIComponent(evidence.id)}` : download;
  if (inline) {
    link.target = "_blank";
    link.rel = "noopener";
  }
  link.textContent = evidence.filename;
  const facts = document.createElement("span");
  facts.className = "muted";
  facts.append(`${formatBytes(Number(evidence.size || 0))} · ${message("Hash")} `);
  const hash = document.createElement("code");
  hash.title = evidence.sha256 || "";
  hash.textContent = (evidence.sha256 || "").slice(0, 12);
  facts.append(hash);
  if (inline) {
    const save = document.createElement("a");
    save.href = download;
    save.setAttribute("download", "");
    save.textContent = message("Download");
    facts.append(" · ", save);
  }
  item.append(link, " ", facts);
  if (row.dataset.editable !== undefined) item.append(" ", deleteForm(evidence.id, evidence.filename));
  return item;
};

/** The row's removal form for one piece of evidence, as the server renders it. */
const deleteForm = (id, name) => {
  const form = document.createElement("form");
  form.method = "post";
  form.action = `${root.dataset.base}/evidence/${encodeURIComponent(id)}/delete`;
  form.className = "inline delete";
  form.dataset.delete = id;
  const token = document.createElement("input");
  token.type = "hidden";
  token.name = "_csrf";
  token.value = csrf();
  const button = document.createElement("button");
  button.type = "submit";
  button.className = "small";
  button.textContent = message("Delete");
  button.setAttribute("aria-label", message("DeleteLabel", { name }));
  form.append(token, button);
  return form;
};

/** The row's evidence count, required-evidence line and the totals' count of rows still missing it, as the list now stands. */
const showEvidenceNeed = (row) => {
  const count = row.querySelector("[data-evidence-count]");
  if (count) count.textContent = String(row.querySelector("[data-evidence-list]").children.length);
  const need = row.querySelector("[data-evidence-need]");
  if (!need) {
    showMissing();
    return;
  }
  const missing = row.querySelector("[data-evidence-list]").children.length === 0;
  need.textContent = message(missing ? "EvidenceMissing" : "EvidencePresent");
  need.className = missing ? "required" : "required-met";
  showMissingEvidence();
};

/** How many applicable rows still lack their required evidence; a row marked N/A needs none, so its line hides. */
const showMissingEvidence = () => {
  const total = document.querySelector("[data-total-missing-evidence]");
  if (!total) return;
  const lacking = Array.from(document.querySelectorAll("tbody.item")).filter((item) => {
    const line = item.querySelector("[data-evidence-need]");
    if (!line) return false;
    const na = current(item).na;
    line.hidden = na;
    return line.classList.contains("required") && !na;
  }).length;
  total.textContent = String(lacking);
  total.classList.toggle("required", lacking > 0);
  showMissing();
};

/** New evidence lines in the row's list: the counts and lines that depend on it follow, the form empties. */
const added = (row, form, items, say) => {
  row.querySelector("[data-evidence-list]").append(...items);
  const empty = row.querySelector("[data-evidence-empty]");
  if (empty) empty.hidden = true;
  showEvidenceNeed(row);
  form.reset();
  say(message("Uploaded"));
};

/** A document reference sent to the JSON API; the row's list grows without a reload. */
const addReference = async (form) => {
  const row = form.closest("tbody.item");
  const status = form.querySelector("[data-reference-status]");
  const say = (text, error = false) => {
    if (!status) return;
    status.textContent = text;
    status.classList.toggle("error", error);
  };
  const value = (name) => (form.elements[name] ? form.elements[name].value.trim() : "");
  const body = { title: value("title") };
  for (const name of ["documentNumber", "issuedOn", "url"]) if (value(name)) body[name] = value(name);
  say(message("Saving"));
  try {
    const response = await fetch(`${apiFor(form.closest("tbody.item"))}/evidence`, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRF-Token": csrf() },
      body: JSON.stringify(body),
    });
    const data = await response.json().catch(() => null);
    if (response.status === 201 && Array.isArray(data)) {
      added(row, form, data.map((evidence) => referenceItem(row, evidence, body)), say);
    } else {
      say((data && data.error && data.error.message) || `${response.status}`, true);
    }
  } catch {
    say(message("Offline"), true);
  }
};

/** A reference's line as the server writes it: number and date, then the title (a link when http(s)). */
const referenceItem = (row, evidence, sent) => {
  const item = document.createElement("li");
  item.dataset.evidence = evidence.id;
  const number = sent.documentNumber || "";
  const day = sent.issuedOn ? sent.issuedOn.split("-").reverse().join("/") : "";
  const head = `${number ? `${message("Number")} ${number}` : ""}${day ? ` ${message("Dated")} ${day}` : ""}`;
  if (head) item.append(`${head.trim()}${number ? ": " : " "}`);
  if (/^https?:\/\//.test(sent.url || "")) {
    const link = document.createElement("a");
    link.href = sent.url;
    link.rel = "noopener noreferrer external";
    link.textContent = sent.title;
    item.append(link);
  } else {
    item.append(`${sent.title} ${sent.url || ""}`.trim());
  }
  if (row.dataset.editable !== undefined) item.append(" ", deleteForm(evidence.id, sent.title));
  return item;
};

const upload = (form) => {
  const row = form.closest("tbody.item");
  const progress = form.querySelector("[data-progress]");
  const status = form.querySelector("[data-upload-status]");
  const say = (text, error = false) => {
    status.textContent = text;
    status.classList.toggle("error", error);
  };
  const request = new XMLHttpRequest();
  request.open("POST", `${apiFor(form.closest("tbody.item"))}/evidence`);
  request.setRequestHeader("X-CSRF-Token", csrf());
  request.setRequestHeader("Accept", "application/json");
  request.upload.addEventListener("progress", (event) => {
    if (event.lengthComputable) progress.value = Math.round((100 * event.loaded) / event.total);
  });
  request.addEventListener("load", () => {
    progress.hidden = true;
    let data = null;
    try {
      data = JSON.parse(request.responseText);
    } catch {
      data = null;
    }
    if (request.status === 201 && Array.isArray(data)) {
      added(row, form, data.map((evidence) => evidenceItem(row, evidence)), say);
    } else {
      say((data && data.error && data.error.message) || `${request.status}`, true);
    }
  });
  request.addEventListener("error", () => {
    progress.hidden = true;
    say(message("Offline"), true);
  });
  progress.value = 0;
  progress.hidden = false;
  say(message("Uploading"));
  request.send(new FormData(form));
};

const remove = async (form) => {
  if (!window.confirm(message("ConfirmDelete"))) return;
  const row = form.closest("tbody.item");
  try {
    const response = await fetch(`/api/v1/evidence/${encodeURIComponent(form.dataset.delete)}`, {
      method: "DELETE",
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRF-Token": csrf() },
    });
    if (response.status === 204) {
      const item = form.closest("li");
      const list = item.parentElement;
      item.remove();
      const empty = row.querySelector("[data-evidence-empty]");
      if (empty && list.children.length === 0) empty.hidden = false;
      showEvidenceNeed(row);
      return;
    }
    const data = await response.json().catch(() => null);
    setError(row, (data && data.error && data.error.message) || `${response.status}`);
  } catch {
    setError(row, message("Offline"));
  }
};

// MARK: wiring

if (root) {
  const rows = Array.from(document.querySelectorAll("tbody.item[data-editable]"));
  const wired = [];
  for (const row of rows) {
    const form = row.querySelector("form[data-entry]");
    if (!form) continue;
    wired.push(row);
    // The note sits in its own cell (tied to the form by its `form` attribute): listen on the row.
    const changed = (event) => {
      if (!(event.target instanceof Element) || event.target.form !== form) return;
      showPoints(row);
      schedule(row);
    };
    row.addEventListener("input", changed);
    row.addEventListener("change", changed);
    // Text put back from the browser is shown, not sent: the person checks it and saves. A
    // not-applicable reason put back opens its disclosure, so that nothing restored is hidden.
    form.addEventListener("draft-restored", () => {
      for (const details of form.querySelectorAll("details")) {
        if (Array.from(details.querySelectorAll("input, textarea")).some((field) => (field.type === "checkbox" ? field.checked : field.value)))
          details.open = true;
      }
      showPoints(row);
    });
  }
  // The server's page already shows each row's points, the totals and the rows missing something:
  // checking them against what the browser put back into the fields waits until the page is shown
  // (after DOMContentLoaded), and sums the grid once, not again after every row.
  const refresh = () => {
    for (const row of wired) showRowPoints(row);
    if (wired.length > 0) showTotals();
    else showMissing();
  };
  const later = () => setTimeout(refresh, 0);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", later);
  else later();

  const jump = document.querySelector("a[data-next-missing]");
  if (jump) {
    jump.addEventListener("click", (event) => {
      const target = nextMissing();
      if (!target) return;
      event.preventDefault();
      target.scrollIntoView({ block: "start" });
      target.focus({ preventScroll: true });
      history.replaceState(null, "", `#${target.id}`);
    });
  }

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    if (form.matches("form[data-entry]")) {
      event.preventDefault();
      save(form.closest("tbody.item"));
    } else if (form.matches("form[data-upload]")) {
      event.preventDefault();
      upload(form);
    } else if (form.matches("form[data-delete]")) {
      event.preventDefault();
      remove(form);
    } else if (form.matches("form[data-reference]")) {
      event.preventDefault();
      addReference(form);
    } else {
      flush();
    }
  });

  window.addEventListener("pagehide", flush);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") flush();
  });

  // After a save without JavaScript the server sends the browser back to "#item-CODE": put the
  // keyboard there too, unless a field already took focus (an error re-render focuses the field).
  const landed = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
  if (landed && landed.matches("tbody.item") && (document.activeElement === document.body || !document.activeElement)) {
    landed.focus({ preventScroll: true });
  }
}

// ParIndex — reviewer pages. Keyboard shortcuts on the unit review page (documented on the page):
// j = next item, k = previous item, a = the current item's appraisal input. Keys are ignored while
// typing in a field or with a modifier held. The page works fully without this module.
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

const move = (step) => {
  const list = items();
  if (list.length === 0) return;
  const current = currentItem();
  let target;
  if (current) {
    const index = list.indexOf(current);
    target = list[Math.min(list.length - 1, Math.max(0, index + step))];
  } else if (step > 0) {
    target = list.find((article) => article.getBoundingClientRect().top > 1) || list[list.length - 1];
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

// After saving, the server sends the reviewer back to "#item-CODE": put the keyboard there too,
// unless a field already took focus (an error re-render focuses the field at fault).
const landed = currentItem();
if (landed && (document.activeElement === document.body || document.activeElement === null)) {
  landed.focus({ preventScroll: true });
}

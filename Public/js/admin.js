// ParIndex — admin pages: small enhancements; every form works without them.
// 1. Groups of checkboxes (<fieldset data-check-group>) get a "select all / none" button.
// 2. The units table gets a live filter (<p data-filter-for="table-id" hidden>), folding diacritics;
//    the users filter (<input data-live-filter="table-id">) narrows its table as it is typed in too.
// 3. Choosing a file fills the textarea next to it, so the admin sees (and sends) what will be imported.
// 4. The new-cycle form: choosing a framework ticks the units of the blocks it is for (each block's
//    fieldset lists them in data-frameworks), as the server ticks them for the framework it opens with.
const en = document.documentElement.lang === "en";

for (const group of document.querySelectorAll("fieldset[data-check-group]")) {
  const boxes = [...group.querySelectorAll('input[type="checkbox"]:not(:disabled)')];
  if (boxes.length < 2) continue;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "check-all";
  const label = () => {
    const all = boxes.every((box) => box.checked);
    button.textContent = all ? (en ? "Select none" : "Bỏ chọn tất cả") : en ? "Select all" : "Chọn tất cả";
    return all;
  };
  label();
  button.addEventListener("click", () => {
    const all = boxes.every((box) => box.checked);
    for (const box of boxes) box.checked = !all;
    label();
  });
  for (const box of boxes) box.addEventListener("change", label);
  group.querySelector("legend")?.after(button);
}

const fold = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();

const liveFilter = (input, table) => {
  const rows = [...table.tBodies[0].rows].map((row) => [row, fold(row.textContent)]);
  input.addEventListener("input", () => {
    const words = fold(input.value.trim()).split(/\s+/).filter((word) => word !== "");
    for (const [row, text] of rows) row.hidden = !words.every((word) => text.includes(word));
  });
};

for (const holder of document.querySelectorAll("[data-filter-for]")) {
  const table = document.getElementById(holder.dataset.filterFor);
  const input = holder.querySelector("input");
  if (!table || !input) continue;
  holder.hidden = false;
  liveFilter(input, table);
}

for (const input of document.querySelectorAll("input[data-live-filter]")) {
  const table = document.getElementById(input.dataset.liveFilter);
  if (table) liveFilter(input, table);
}

for (const file of document.querySelectorAll('form input[type="file"]')) {
  const area = file.form.querySelector("textarea");
  if (!area) continue;
  file.addEventListener("change", async () => {
    const chosen = file.files?.[0];
    if (!chosen || chosen.size > 4 * 1024 * 1024) return;
    area.value = await chosen.text();
    file.value = ""; // the textarea now carries the content: send it once
  });
}

const framework = document.querySelector("select[data-ticks-units]");
framework?.addEventListener("change", () => {
  const code = framework.value.split("|")[0];
  for (const group of framework.form.querySelectorAll("fieldset[data-frameworks]")) {
    const forIt = code !== "" && group.dataset.frameworks.split(" ").includes(code);
    for (const box of group.querySelectorAll('input[type="checkbox"]:not(:disabled)')) {
      box.checked = forIt;
      box.dispatchEvent(new Event("change")); // the group's "select all" button follows
    }
  }
});

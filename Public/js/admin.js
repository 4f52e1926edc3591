// ParIndex — admin pages: small enhancements; every form works without them.
// 1. Groups of checkboxes (<fieldset data-check-group>) get a "select all / none" button.
// 2. The units table gets a live filter (<p data-filter-for="table-id" hidden>), folding diacritics.
// 3. Choosing a file fills the textarea next to it, so the admin sees (and sends) what will be imported.
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

for (const holder of document.querySelectorAll("[data-filter-for]")) {
  const table = document.getElementById(holder.dataset.filterFor);
  const input = holder.querySelector("input");
  if (!table || !input) continue;
  holder.hidden = false;
  const rows = [...table.tBodies[0].rows].map((row) => [row, fold(row.textContent)]);
  input.addEventListener("input", () => {
    const wanted = fold(input.value.trim());
    for (const [row, text] of rows) row.hidden = wanted !== "" && !text.includes(wanted);
  });
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

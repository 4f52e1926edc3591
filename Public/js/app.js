// ParIndex — small enhancements; every page works without them.
// Deadlines count down live: <time datetime="…" data-countdown>.
const format = (seconds) => {
  if (seconds <= 0) return document.documentElement.lang === "en" ? "Overdue" : "Đã quá hạn";
  const days = Math.floor(seconds / 86400);
  const hours = Math.floor((seconds % 86400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const en = document.documentElement.lang === "en";
  if (days > 0) return en ? `${days} d ${hours} h` : `${days} ngày ${hours} giờ`;
  return en ? `${hours} h ${minutes} min` : `${hours} giờ ${minutes} phút`;
};

const tick = () => {
  for (const element of document.querySelectorAll("time[data-countdown]")) {
    const at = Date.parse(element.getAttribute("datetime"));
    if (!Number.isNaN(at)) element.textContent = format(Math.round((at - Date.now()) / 1000));
  }
};

tick();
setInterval(tick, 30000);

// Printable documents: the "In" button opens the browser's print dialog (print or save as PDF).
for (const button of document.querySelectorAll("button[data-print]")) {
  button.addEventListener("click", () => window.print());
}

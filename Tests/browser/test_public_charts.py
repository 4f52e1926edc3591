"""The results page's charts at phone and desktop width: the ranking bars and the heat map never
widen the page, their labels are neither cut nor overlapping, a heat map wider than the screen
scrolls inside its own labelled box, and the verify section comes after the rankings. The demo's
2025 cycles follow published 2024 ones, so their change since last year has figures."""

import pytest
from selenium.webdriver.common.by import By

BOTH_SIZES = pytest.mark.parametrize("browser", ["mobile", "desktop"], indirect=True)
CYCLE = "2025-so"

# Boxes of every chart label, and whether any leaves the viewport or overlaps the next one.
LAYOUT = """
const width = window.innerWidth;
const out = {pageOverflow: document.documentElement.scrollWidth - width, cut: [], overlaps: [], wraps: []};
out.widest = [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > width + 1)
  .slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + String(e.className).split(' ').join('.'));
const fits = (e) => { const r = e.getBoundingClientRect(); return r.left >= -1 && r.right <= width + 1; };
const label = (e) => e.tagName.toLowerCase() + ' ' + e.textContent.trim().slice(0, 40);
for (const li of document.querySelectorAll('ol.bars li')) {
  const parts = [...li.querySelectorAll('.bar-label, .bar-value, .bar-track')];
  for (const p of parts) if (!fits(p)) out.cut.push(label(p));
  const [name, value] = parts;
  const a = name.getBoundingClientRect(), b = value.getBoundingClientRect();
  if (a.right > b.left + 1 && a.bottom > b.top + 1 && b.bottom > a.top + 1) out.overlaps.push(label(name));
  if (name.scrollWidth > name.clientWidth + 1) out.cut.push('clipped ' + label(name));
}
for (const wrap of document.querySelectorAll('.heatmap-wrap')) {
  if (!fits(wrap)) out.cut.push('heat map box ' + wrap.getAttribute('aria-label'));
  out.wraps.push({label: wrap.getAttribute('aria-label'), role: wrap.getAttribute('role'),
                  tabindex: wrap.getAttribute('tabindex'), scrolls: wrap.scrollWidth > wrap.clientWidth,
                  overflowX: getComputedStyle(wrap).overflowX});
}
for (const e of document.querySelectorAll('.heatmap-key, .verify pre, .verify code.hash'))
  if (!fits(e)) out.cut.push(label(e));
return out;
"""


@BOTH_SIZES
def test_results_charts_fit_the_screen(browser, open_page, shot):
    open_page(f"/results/{CYCLE}")
    layout = browser.execute_script(LAYOUT)
    shot("results")
    assert layout["pageOverflow"] <= 0, f"the page scrolls sideways by {layout['pageOverflow']} px: {layout['widest']}"
    assert not layout["cut"], f"cut off: {layout['cut']}"
    assert not layout["overlaps"], f"labels overlap their values: {layout['overlaps']}"
    assert browser.find_elements(By.CSS_SELECTOR, "ol.bars li"), "no ranking bars"
    assert layout["wraps"], "no heat map"
    for wrap in layout["wraps"]:
        assert wrap["label"] and wrap["role"] == "region" and wrap["tabindex"] == "0", wrap
        if wrap["scrolls"]:
            assert wrap["overflowX"] == "auto", wrap


@BOTH_SIZES
def test_heat_map_names_fields_and_colours(browser, open_page):
    open_page(f"/results/{CYCLE}")
    table = browser.find_element(By.CSS_SELECTOR, "table.heatmap")
    headings = [abbr.get_attribute("title") for abbr in table.find_elements(By.CSS_SELECTOR, "thead th abbr")]
    assert headings and all(headings), headings
    key = browser.find_element(By.CSS_SELECTOR, ".heatmap-key").text
    assert "càng đậm, chỉ số càng cao" in key
    for title in headings:
        assert title in key, title
    assert "dưới 60" in key and "90–100" in key


def test_change_since_last_year_and_verify_below(browser, open_page):
    open_page(f"/results/{CYCLE}")
    heads = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "table.ranking thead th")]
    assert "Thay đổi so với năm trước" in heads, heads
    column = heads.index("Thay đổi so với năm trước")
    changes = [row.find_elements(By.TAG_NAME, "td")[column].text for row in browser.find_elements(By.CSS_SELECTOR, "table.ranking tbody tr")]
    assert changes and all(changes), f"empty changes: {changes}"
    headings = [h.text for h in browser.find_elements(By.CSS_SELECTOR, "main h2")]
    assert headings[-1] == "Kiểm chứng", headings
    command = browser.find_element(By.CSS_SELECTOR, ".verify pre code").text
    assert "sha256sum" in command and f"ket-qua-{CYCLE}.json" in command

"""The unit grid and the review page are dense working sheets, in a real browser, on the demo city:
at 1280 px the unit grid takes at most 120 px per criterion and the review page at most 160 px
(document.body.scrollHeight ÷ the criteria on the page); at 375 px neither scrolls sideways; every
input has an accessible name (axe-core); a reviewer accepts the unit's scores in one action, for
ticked items and then for every unreviewed one, and an appraisal saved with JavaScript updates its
row without reloading the page. The figures measured go to build/screenshots/grid-measures.json."""

import json
import secrets
import tempfile
import time
from pathlib import Path

import pytest
from axe_selenium_python import Axe
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import SIZES, new_driver, save_screenshot, set_size
from test_typed_work import open_cycle_for
from test_whole_cycle import click_and_wait, go, no_alert, ready, reveal, save_row, sign_in, upload, write_pdf

DEPT_CYCLE = "2026-so"
DISTRICT_CYCLE = "2026-huyen"
UNIT = "SNV"  # the demo's first department, submitted
UNIT_USER = "dv.snv"
REVIEWER = "thamdinh1.1"  # assigned the first half of the departments
REVIEWED_UNIT = "SCT"  # fifth department: the demo's council has not started it, so every row has its form
BULK_REVIEWER = "thamdinh2.1"  # the districts' cycle: no other browser test writes there
OPEN_UNIT = "SXD"
LIMITS = {"unit": 120, "review": 160}
MEASURED = {}


@pytest.fixture(scope="module")
def grid(base_url, accounts, screenshot_dir):
    driver = new_driver(SIZES["desktop"])
    yield {"driver": driver, "code": f"grid-{secrets.token_hex(3)}", "base": base_url, "accounts": accounts, "dir": screenshot_dir}
    driver.quit()
    (screenshot_dir / "grid-measures.json").write_text(json.dumps(MEASURED, ensure_ascii=False, indent=2), encoding="utf-8")


def measure(driver):
    """Page height and the criteria on the page (rows of the grid, items of the review page)."""
    return driver.execute_script(
        "return {height: document.body.scrollHeight, criteria: document.querySelectorAll('.item[id^=\"item-\"]').length,"
        " scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth}"
    )


def per_criterion(grid, name, kind):
    driver = grid["driver"]
    figures = measure(driver)
    assert figures["criteria"] > 0, f"{name}: no criteria on the page"
    each = figures["height"] / figures["criteria"]
    MEASURED[name] = {**figures, "perCriterion": round(each, 1), "limit": LIMITS[kind]}
    print(f"{name}: {figures['height']} px for {figures['criteria']} criteria = {each:.1f} px each (limit {LIMITS[kind]})")
    save_screenshot(driver, grid["dir"], f"grid-desktop-{name}")
    return each


def narrow(grid, name):
    """At 375 px: the page does not scroll sideways; a screenshot of it, then back to 1280 px."""
    driver = grid["driver"]
    set_size(driver, SIZES["mobile"])
    try:
        driver.refresh()
        ready(driver)
        figures = measure(driver)
        MEASURED[f"{name}-375"] = figures
        save_screenshot(driver, grid["dir"], f"grid-mobile-{name}")
        assert figures["scrollWidth"] <= figures["innerWidth"], f"{name} scrolls sideways at 375 px: {figures}"
    finally:
        set_size(driver, SIZES["desktop"])
        driver.refresh()
        ready(driver)


def test_unit_grid_at_1280_and_375(grid):
    driver = sign_in(grid, UNIT_USER)
    go(grid, f"/cycles/{DEPT_CYCLE}/units/{UNIT}")
    no_alert(driver, "the unit grid")
    each = per_criterion(grid, "unit-grid", "unit")
    narrow(grid, "unit-grid")
    for page in ("receipt", "submit"):
        go(grid, f"/cycles/{DEPT_CYCLE}/units/{UNIT}/{page}")
        narrow(grid, f"unit-{page}")
    go(grid, "/dashboard")
    narrow(grid, "unit-dashboard")
    assert each <= LIMITS["unit"], f"the unit grid takes {each:.1f} px per criterion at 1280 px"


def test_review_page_at_1280_and_375(grid):
    driver = sign_in(grid, REVIEWER)
    go(grid, f"/review/{DEPT_CYCLE}/units/{REVIEWED_UNIT}")
    no_alert(driver, "the review page")
    assert driver.find_elements(By.CSS_SELECTOR, "form[data-appraisal]"), "no appraisal form on the review page"
    each = per_criterion(grid, "review-page", "review")
    narrow(grid, "review-page")
    go(grid, f"/review/{DEPT_CYCLE}")
    narrow(grid, "review-worklist")
    assert each <= LIMITS["review"], f"the review page takes {each:.1f} px per criterion at 1280 px"


def unlabelled(driver):
    """axe-core's findings of form fields (input, select, textarea) without an accessible name
    (its `label` rule), as [rule, target, html] lists."""
    Axe(driver).inject()
    found = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'rule', values: ['label']}})"
        ".then(r => done(r.violations.flatMap(v => v.nodes.map(n => [v.id, n.target, n.html.slice(0, 160)]))))"
        ".catch(e => done([['axe failed', String(e), '']]))"
    )
    return found


@pytest.mark.changes_demo
def test_open_grid_at_1280_and_375_and_every_input_labelled(grid):
    """A grid still open for writing (its forms on every row), in a cycle of its own."""
    open_cycle_for(grid, OPEN_UNIT)
    driver = sign_in(grid, f"dv.{OPEN_UNIT.lower()}")
    go(grid, f"/cycles/{grid['code']}/units/{OPEN_UNIT}")
    no_alert(driver, "the open grid")
    assert driver.find_elements(By.CSS_SELECTOR, ".item[data-editable]"), "the grid is not open for writing"
    missing = unlabelled(driver)
    MEASURED["open-grid-unlabelled"] = missing
    each = per_criterion(grid, "open-grid", "unit")
    narrow(grid, "open-grid")
    assert not missing, f"inputs without an accessible name: {missing}"
    assert each <= LIMITS["unit"], f"the open grid takes {each:.1f} px per criterion at 1280 px"

    # The bar's jump goes to a row still missing its score or required evidence.
    jump = driver.find_element(By.CSS_SELECTOR, "a[data-next-missing]")
    jump.click()
    target = driver.execute_script("return location.hash")
    assert target.startswith("#item-"), target
    assert "missing" in driver.find_element(By.ID, target[1:]).get_attribute("class")

    # A PDF uploaded to a row opens in the browser (inline, sandboxed), not as a download.
    row = next(r for r in driver.find_elements(By.CSS_SELECTOR, "tbody.item[data-editable]") if r.find_elements(By.CSS_SELECTOR, "form[data-upload]"))
    path = write_pdf({"tmp": Path(tempfile.mkdtemp(prefix="parindex-grid-"))}, f"minh-chung-{secrets.token_hex(3)}")
    upload(driver, row, path)
    link = next(a for a in row.find_elements(By.CSS_SELECTOR, "[data-evidence-list] a") if a.text == path.name)
    assert "/evidence/" in link.get_attribute("href") and link.get_attribute("target") == "_blank", link.get_attribute("outerHTML")
    grid_tab = driver.current_window_handle
    link.click()
    WebDriverWait(driver, 10).until(lambda d: len(d.window_handles) > 1)
    driver.switch_to.window([h for h in driver.window_handles if h != grid_tab][0])
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")
    assert driver.execute_script("return document.contentType") == "application/pdf"
    time.sleep(2)  # the viewer draws the page after the document is complete
    driver.save_screenshot(str(grid["dir"] / "grid-desktop-evidence-pdf-inline.png"))
    driver.close()
    driver.switch_to.window(grid_tab)


def worklist_units(driver, cycle):
    """(code, unreviewed) for each unit on the reviewer's worklist, most unreviewed first."""
    rows = []
    for tr in driver.find_elements(By.CSS_SELECTOR, "table.worklist tbody tr"):
        link = tr.find_element(By.CSS_SELECTOR, "a[href*='/units/']")
        rows.append((link.get_attribute("href").rsplit("/", 1)[1], int(tr.find_elements(By.TAG_NAME, "td")[-1].text)))
    return sorted(rows, key=lambda row: -row[1])


def test_reviewer_accepts_the_units_scores_in_bulk(grid):
    """Two ticked items in one action, then every unreviewed one in another: each is one page load."""
    driver = sign_in(grid, BULK_REVIEWER)
    go(grid, f"/review/{DISTRICT_CYCLE}")
    unit, unreviewed = worklist_units(driver, DISTRICT_CYCLE)[0]
    assert unreviewed >= 3, f"no unit of {BULK_REVIEWER} with unreviewed items"
    go(grid, f"/review/{DISTRICT_CYCLE}/units/{unit}")
    picks = driver.find_elements(By.CSS_SELECTOR, "input[data-pick]")
    assert len(picks) >= 3, f"{unit}: {len(picks)} items to tick"
    ticked = [box.get_attribute("value") for box in picks[:2]]
    for box in picks[:2]:
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
        box.click()
    assert driver.find_element(By.CSS_SELECTOR, "[data-picked]").text == "2"
    driver.save_screenshot(str(grid["dir"] / "grid-desktop-bulk-ticked-view.png"))
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form#bulk-accept button[value=selected]"))
    no_alert(driver, "accepting the ticked items")
    assert "Đã chấp nhận điểm tự đánh giá của 2 tiêu chí." in driver.find_element(By.CSS_SELECTOR, "p.notice[role=status]").text
    for code in ticked:
        article = driver.find_element(By.ID, f"item-{code}")
        assert "state-agreed" in article.get_attribute("class"), article.get_attribute("class")
        assert not article.find_elements(By.CSS_SELECTOR, "input[data-pick]")

    left = len(driver.find_elements(By.CSS_SELECTOR, "input[data-pick]"))
    all_button = driver.find_element(By.CSS_SELECTOR, "form#bulk-accept button[value=unreviewed]")
    assert f"({left})" in all_button.text, all_button.text
    started = time.monotonic()
    click_and_wait(driver, all_button)
    MEASURED["bulk-accept"] = {"items": left, "seconds": round(time.monotonic() - started, 2)}
    no_alert(driver, "accepting every unreviewed item")
    assert f"Đã chấp nhận điểm tự đánh giá của {left} tiêu chí." in driver.find_element(By.CSS_SELECTOR, "p.notice[role=status]").text
    assert not driver.find_elements(By.CSS_SELECTOR, "input[data-pick]")
    assert driver.find_element(By.CSS_SELECTOR, "form#bulk-accept button[value=unreviewed]").get_attribute("disabled") is not None
    driver.execute_script("window.scrollTo(0, 0)")
    driver.save_screenshot(str(grid["dir"] / "grid-desktop-bulk-accepted-view.png"))
    go(grid, f"/review/{DISTRICT_CYCLE}")
    assert dict(worklist_units(driver, DISTRICT_CYCLE))[unit] == 0


def test_an_appraisal_saves_its_row_without_reloading_the_page(grid):
    driver = sign_in(grid, BULK_REVIEWER)
    go(grid, f"/review/{DISTRICT_CYCLE}")
    unit, unreviewed = worklist_units(driver, DISTRICT_CYCLE)[0]
    assert unreviewed >= 1, f"no unit of {BULK_REVIEWER} with an unreviewed item"
    go(grid, f"/review/{DISTRICT_CYCLE}/units/{unit}?filter=unreviewed")
    driver.execute_script("window.parindexSamePage = true")
    article = next(a for a in driver.find_elements(By.CSS_SELECTOR, "article.item") if a.find_elements(By.CSS_SELECTOR, "form[data-appraisal]"))
    code = article.get_attribute("data-criterion")
    before = driver.find_element(By.CSS_SELECTOR, "[data-review-bar]").text
    started = time.monotonic()
    save_row(driver, article.find_element(By.CSS_SELECTOR, "form[data-appraisal] button[type=submit]"))
    MEASURED["row-save"] = {"seconds": round(time.monotonic() - started, 2)}
    assert driver.execute_script("return window.parindexSamePage === true"), "the page reloaded"
    saved = driver.find_element(By.ID, f"item-{code}")
    assert "state-agreed" in saved.get_attribute("class"), saved.get_attribute("class")
    assert driver.find_element(By.CSS_SELECTOR, "[data-review-bar]").text != before, "the bar did not follow the save"
    no_alert(driver, f"appraising {unit} {code}")

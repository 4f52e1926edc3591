"""The unit grid and the review page are dense working sheets, in a real browser, on the demo city:
at 1280 px the unit grid takes at most 120 px per criterion and the review page at most 160 px
(document.body.scrollHeight ÷ the criteria on the page); at 375 px neither scrolls sideways; every
input has an accessible name (axe-core); a reviewer accepts the unit's scores in one action, for
ticked items and then for every unreviewed one, and an appraisal saved with JavaScript updates its
row without reloading the page. The figures measured go to build/screenshots/grid-measures.json."""

import json
import re
import secrets

import pytest
from axe_selenium_python import Axe
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import SIZES, new_driver, save_screenshot, set_size
from test_typed_work import open_cycle_for
from test_whole_cycle import click_and_wait, go, no_alert, ready, sign_in

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
    """axe-core's findings on form fields without an accessible name (rule ids label, select-name,
    aria-input-field-name), as [rule, target, html] lists."""
    axe = Axe(driver)
    axe.inject()
    results = axe.run(options={"runOnly": {"type": "rule", "values": ["label", "select-name", "aria-input-field-name"]}})
    return [[v["id"], node["target"], node["html"][:160]] for v in results["violations"] for node in v["nodes"]]


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

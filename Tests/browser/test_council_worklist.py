"""The council's worklist across units, at 375 px, on the demo city: a reviewer opens the worklist,
filters it by an item state (the count on the filter is the number of rows it lists), opens an item
on its unit's review page, adds an internal council note there, finds it on the criterion-across-units
page, and the unit's own page never shows it. Screenshots: council-worklist-*.png."""

import secrets
from urllib.parse import urlparse

import pytest
from selenium.webdriver.common.by import By

from conftest import SIZES, new_driver
from test_whole_cycle import click_and_wait, go, no_alert, reveal, sign_in

CYCLE = "2026-so"
REVIEWER = "thamdinh1.1"


@pytest.fixture(scope="module")
def flow(base_url, accounts, screenshot_dir):
    driver = new_driver(SIZES["mobile"])
    yield {"driver": driver, "base": base_url, "accounts": accounts, "dir": screenshot_dir}
    driver.quit()


def viewport_shot(flow, element, name):
    """The viewport with `element` at its top (the review page is too long for a whole-page shot)."""
    driver = flow["driver"]
    driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", element)
    driver.save_screenshot(str(flow["dir"] / f"{name}.png"))


def no_sideways_scroll(driver, where):
    width, inner = driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"{where} scrolls sideways at 375 px: {width} > {inner}"


def test_worklist_filter_item_and_council_note(flow):
    driver = sign_in(flow, REVIEWER)
    go(flow, f"/review/{CYCLE}")
    no_alert(driver, "worklist")
    no_sideways_scroll(driver, "the worklist")
    links = driver.find_elements(By.CSS_SELECTOR, "nav.filters a[data-state-count]")
    assert [link.text.split(" (")[0] for link in links] == [
        "Chưa thẩm định", "Điều chỉnh", "Yêu cầu giải trình", "Đã giải trình", "Đã chốt",
    ]
    waiting = [link for link in links if int(link.get_attribute("data-state-count")) > 0]
    assert waiting, "no state of the reviewer's units has any item"
    count = int(waiting[0].get_attribute("data-state-count"))
    click_and_wait(driver, waiting[0])
    rows = driver.find_elements(By.CSS_SELECTOR, "table.worklist-items tbody tr")
    assert len(rows) == count, f"the filter says {count}, the list has {len(rows)}"
    assert driver.find_element(By.CSS_SELECTOR, "nav.filters a[aria-current=page]").get_attribute("data-state-count") == str(count)
    no_sideways_scroll(driver, "the filtered worklist")
    viewport_shot(flow, driver.find_element(By.ID, "items"), "council-worklist-mobile-filtered")

    unit, code = rows[0].get_attribute("data-unit"), rows[0].get_attribute("data-criterion")
    click_and_wait(driver, rows[0].find_element(By.CSS_SELECTOR, "th a"))
    assert urlparse(driver.current_url).path == f"/review/{CYCLE}/units/{unit}"
    assert urlparse(driver.current_url).fragment == f"item-{code}"
    article = driver.find_element(By.ID, f"item-{code}")
    note = f"Ghi chú nội bộ: đối chiếu với sở khác — {secrets.token_hex(3)}"
    box = reveal(driver, article.find_element(By.CSS_SELECTOR, "details.council-notes textarea"))
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
    box.send_keys(note)
    click_and_wait(driver, article.find_element(By.CSS_SELECTOR, "details.council-notes button[type=submit]"))
    no_alert(driver, "adding a council note")
    article = driver.find_element(By.ID, f"item-{code}")
    notes = article.find_element(By.CSS_SELECTOR, "details.council-notes")
    assert note in notes.text
    no_sideways_scroll(driver, "the review page")
    viewport_shot(flow, notes, "council-worklist-mobile-note")

    # The criterion code leads to the same criterion in every unit, the note with its unit.
    click_and_wait(driver, article.find_element(By.CSS_SELECTOR, "h3 a.code"))
    assert urlparse(driver.current_url).path == f"/review/{CYCLE}/criteria/{code}"
    assert driver.find_elements(By.CSS_SELECTOR, f"tr[data-unit='{unit}']")
    assert note in driver.page_source
    no_sideways_scroll(driver, "the criterion page")
    viewport_shot(flow, driver.find_element(By.TAG_NAME, "h1"), "council-worklist-mobile-criterion")

    # The unit's own page never shows it, and the worklist does not exist for its account.
    officials = [name for name, account in flow["accounts"].items() if account["unit"] == unit and account["role"] == "unit"]
    assert officials, f"no account of {unit} in the demo"
    driver = sign_in(flow, officials[0])
    go(flow, f"/cycles/{CYCLE}/units/{unit}")
    assert "Ghi chú nội bộ" not in driver.page_source and note not in driver.page_source
    go(flow, f"/review/{CYCLE}")
    assert "Danh sách thẩm định" not in driver.title
    assert not driver.find_elements(By.CSS_SELECTOR, "nav.filters a[data-state-count]")

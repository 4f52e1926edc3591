"""Drafts are private and typed text is clean (decision 0029), on the demo city in a real browser:
a reviewer writes a council note with a right-to-left override (U+202E) and sees it shown as
typed minus the override; the secretariat reopens that unit, so its assessment is a draft again,
and the reviewer opening the unit's review page gets the same "not found" page as for a unit that
does not exist. The unit is submitted again on its behalf at the end, for the tests after this one.
Screenshots: drafts-private-*.png."""

import secrets
from urllib.parse import urlparse

import pytest
from selenium.webdriver.common.by import By

from conftest import SIZES, new_driver
from test_whole_cycle import click_and_wait, go, no_alert, reveal, sign_in

CYCLE = "2026-so"
REVIEWER = "thamdinh1.1"
RLO = "\u202e"


@pytest.fixture(scope="module")
def flow(base_url, accounts, screenshot_dir):
    driver = new_driver(SIZES["desktop"])
    yield {"driver": driver, "base": base_url, "accounts": accounts, "dir": screenshot_dir}
    driver.quit()


def shot(flow, name):
    flow["driver"].save_screenshot(str(flow["dir"] / f"drafts-private-{name}.png"))


def admin_name(flow):
    return next(name for name, account in flow["accounts"].items() if account["role"] == "admin")


def admin_unit_form(flow, unit, kind):
    """The reopen or submit-on-behalf form of `unit` on the admin's cycle page, opened."""
    driver = go(flow, f"/admin/cycles/{CYCLE}")
    form = driver.find_element(By.CSS_SELECTOR, f"form[action='/admin/cycles/{CYCLE}/units/{unit}/{kind}']")
    reveal(driver, form)
    return driver, form


def test_rlo_note_neutralised_and_reopened_unit_is_not_found(flow):
    driver = sign_in(flow, REVIEWER)
    go(flow, f"/review/{CYCLE}")
    no_alert(driver, "worklist")
    link = driver.find_element(By.CSS_SELECTOR, f"table a[href^='/review/{CYCLE}/units/']")
    unit = urlparse(link.get_attribute("href")).path.rsplit("/", 1)[-1]
    click_and_wait(driver, link)
    assert urlparse(driver.current_url).path == f"/review/{CYCLE}/units/{unit}"

    # A note typed with an override: stored and shown without it, so it reads as typed.
    tag = secrets.token_hex(3)
    article = driver.find_element(By.CSS_SELECTOR, "article[id^='item-']")
    code = article.get_attribute("id").removeprefix("item-")
    box = reveal(driver, article.find_element(By.CSS_SELECTOR, "details.council-notes textarea"))
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
    box.send_keys(f"Tệp đính kèm {RLO}fdp.exe {tag}")
    click_and_wait(driver, article.find_element(By.CSS_SELECTOR, "details.council-notes button[type=submit]"))
    no_alert(driver, "adding the note")
    notes = driver.find_element(By.ID, f"item-{code}").find_element(By.CSS_SELECTOR, "details.council-notes")
    reveal(driver, notes)
    assert f"Tệp đính kèm fdp.exe {tag}" in notes.text, notes.text
    assert RLO not in driver.page_source
    driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", notes)
    shot(flow, "note-without-override")

    # The secretariat reopens the unit: a draft again, which the reviewer may not see.
    admin = admin_name(flow)
    sign_in(flow, admin)
    driver, form = admin_unit_form(flow, unit, "reopen")
    form.find_element(By.NAME, "reason").send_keys("Đơn vị bổ sung tài liệu kiểm chứng")
    click_and_wait(driver, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    no_alert(driver, "reopening")
    try:
        driver = sign_in(flow, REVIEWER)
        go(flow, f"/review/{CYCLE}/units/{unit}")
        draft_title, draft_text = driver.title, driver.find_element(By.TAG_NAME, "main").text
        assert "Không tìm thấy" in draft_text or "Không tìm thấy" in draft_title, draft_text[:300]
        assert tag not in driver.page_source
        shot(flow, "reviewer-sees-not-found")
        go(flow, f"/review/{CYCLE}/units/KHONGCO")
        missing_text = driver.find_element(By.TAG_NAME, "main").text
        assert driver.title == draft_title
        assert draft_text.replace(unit, "X") == missing_text.replace("KHONGCO", "X")

        # The worklist lists the unit as not submitted, without a link or counts.
        go(flow, f"/review/{CYCLE}")
        assert not driver.find_elements(By.CSS_SELECTOR, f"a[href='/review/{CYCLE}/units/{unit}']")
        assert "Đơn vị chưa nộp bản tự đánh giá" in driver.find_element(By.TAG_NAME, "main").text
        shot(flow, "worklist-draft-row")
    finally:
        sign_in(flow, admin)
        driver, form = admin_unit_form(flow, unit, "submit")
        form.find_element(By.NAME, "reason").send_keys("Nộp lại sau khi mở lại (kiểm thử)")
        click_and_wait(driver, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
        no_alert(driver, "submitting on behalf")

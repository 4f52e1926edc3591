"""Nothing typed is lost, in a real browser: a unit types a value and a note into a row of its
grid, the session ends before the autosave reaches the server, the save fails with a way to sign
in again, and signing in lands back on the grid with the value and the note put back (with a
notice) until the person saves them."""

import json
import secrets
from datetime import datetime, timedelta

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import SIZES, new_driver, save_screenshot
from test_stuck_cycle import confirm_move, open_phase_confirmation
from test_whole_cycle import FRAMEWORK, click_and_wait, go, no_alert, path_of, reveal, save_row, sign_in

UNIT = "STC"
USER = "dv.stc"
SESSION_COOKIE = "__Host-parindex_session"
# The cycle's deadlines, days from now: writing stays open throughout the test.
DEADLINES = {"d-self": 10, "d-appraisal": 20, "d-explanation": 30, "d-final": 40}


@pytest.fixture(scope="module")
def typed(base_url, accounts, screenshot_dir):
    driver = new_driver(SIZES["desktop"])
    yield {"driver": driver, "code": f"typed-{secrets.token_hex(3)}", "base": base_url, "accounts": accounts, "dir": screenshot_dir}
    driver.quit()


def picture(flow, name):
    """The viewport around the row (the whole grid is some 17,000 px tall), and the full page."""
    flow["driver"].save_screenshot(str(flow["dir"] / f"typed-work-desktop-{name}-row.png"))
    save_screenshot(flow["driver"], flow["dir"], f"typed-work-desktop-{name}")


def open_cycle_for(flow, unit):
    """The admin makes a cycle with one unit and opens self-assessment (the demo's cycles are past it)."""
    driver = sign_in(flow, "admin")
    driver = go(flow, "/admin/cycles/new")
    driver.find_element(By.ID, "c-code").send_keys(flow["code"])
    driver.find_element(By.ID, "c-name").send_keys(f"Kỳ thử giữ nội dung đã nhập ({flow['code']})")
    year = driver.find_element(By.ID, "c-year")
    year.clear()
    year.send_keys("2026")
    options = driver.find_elements(By.CSS_SELECTOR, "#c-framework option")
    next(o for o in options if FRAMEWORK in o.get_attribute("value") + o.text).click()
    for box in driver.find_elements(By.CSS_SELECTOR, "form[action='/admin/cycles'] input[name=units]"):
        if box.is_selected() != (box.get_attribute("value") == unit):
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
            box.click()
    start = datetime.now().replace(second=0, microsecond=0)
    deadlines = [[field, (start + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")] for field, days in DEADLINES.items()]
    driver.execute_script(
        "for (const [id, value] of arguments[0]) {"
        " const input = document.getElementById(id); input.value = value;"
        " input.dispatchEvent(new Event('change', {bubbles: true})); }",
        deadlines,
    )
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/admin/cycles'] button[type=submit]"))
    no_alert(driver, "creating the cycle")
    open_phase_confirmation(flow, "self_assessment")
    confirm_move(flow)


def points_row(driver):
    for row in driver.find_elements(By.CSS_SELECTOR, "tbody.item[data-editable]"):
        rule = json.loads(row.get_attribute("data-rule"))
        if rule["kind"] == "scale" and row.find_elements(By.CSS_SELECTOR, "input[name=points]"):
            return row, rule
    raise AssertionError("no editable points row on the grid")


def test_session_ends_while_typing_and_sign_in_restores_the_row(typed):
    flow = typed
    open_cycle_for(flow, UNIT)
    grid = f"/cycles/{flow['code']}/units/{UNIT}"
    driver = sign_in(flow, USER)
    driver = go(flow, grid)
    row, rule = points_row(driver)
    criterion = row.get_attribute("data-criterion")
    step = rule.get("step") or 1
    value = f"{step // 100},{step % 100:02d}"
    note = "Theo Kế hoạch số 12/KH-STC ngày 20/12/2025 — đã ban hành đúng hạn"

    # The session ends (as after the idle timeout) before the person types.
    driver.delete_cookie(SESSION_COOKIE)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", row)
    row.find_element(By.CSS_SELECTOR, "input[name=points]").send_keys(value)
    row.find_element(By.CSS_SELECTOR, "textarea[name=note]").send_keys(note)

    # The autosave is refused: the row says why and offers to sign in again; the text is kept.
    error = WebDriverWait(driver, 15).until(
        lambda d: (lambda box: box if box.is_displayed() and "hết hạn" in box.text else None)(row.find_element(By.CSS_SELECTOR, "[data-error]"))
    )
    assert "vẫn được giữ" in error.text, error.text
    kept = driver.execute_script(
        "return Object.keys(localStorage).filter(k => k.startsWith('parindex:draft:' + location.pathname)).map(k => localStorage.getItem(k))"
    )
    assert len(kept) == 1 and note in kept[0], kept
    picture(flow, "1-save-refused-session-ended")

    link = error.find_element(By.TAG_NAME, "a")
    assert link.text == "Đăng nhập lại"
    click_and_wait(driver, link)
    assert path_of(driver) == "/login", path_of(driver)
    assert driver.find_element(By.CSS_SELECTOR, "form[action='/login'] input[name=next]").get_attribute("value") == grid
    picture(flow, "2-sign-in-with-next")
    driver.find_element(By.ID, "username").send_keys(USER)
    driver.find_element(By.ID, "password").send_keys(flow["accounts"][USER]["password"])
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/login'] button[type=submit]"))

    # Back on the grid, with what was typed put back and a notice saying so.
    assert path_of(driver) == grid, path_of(driver)
    row = driver.find_element(By.ID, f"item-{criterion}")
    assert row.find_element(By.CSS_SELECTOR, "input[name=points]").get_attribute("value") == value
    assert row.find_element(By.CSS_SELECTOR, "textarea[name=note]").get_attribute("value") == note
    banner = driver.find_element(By.CSS_SELECTOR, "[data-draft-notice]")
    assert "Đã khôi phục nội dung chưa lưu" in banner.text, banner.text
    assert row.find_elements(By.CSS_SELECTOR, "[data-draft-restored]")
    driver.execute_script("window.scrollTo(0, 0)")
    picture(flow, "3-notice-at-the-top")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", row)
    picture(flow, "3-restored-after-sign-in")

    # Saving it: confirmed by the server, the draft is gone and a reload shows the saved values.
    save = row.find_element(By.CSS_SELECTOR, "button[type=submit][form]")
    save.click()
    WebDriverWait(driver, 15).until(lambda d: row.find_element(By.CSS_SELECTOR, "[data-status]").text.startswith("Đã lưu"))
    assert driver.execute_script("return Object.keys(localStorage).filter(k => k.startsWith('parindex:draft:')).length") == 0
    driver = go(flow, grid)
    row = driver.find_element(By.ID, f"item-{criterion}")
    assert row.find_element(By.CSS_SELECTOR, "textarea[name=note]").get_attribute("value") == note
    assert not driver.find_elements(By.CSS_SELECTOR, "[data-draft-notice]")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", row)
    picture(flow, "4-saved-and-reloaded")


def test_review_conflict_shows_both_versions_and_keeps_the_note(typed):
    """A reviewer has an item open in two tabs; the save in the second lands first. The first tab's
    save then shows the version just saved beside what was typed, and keeps the typed note."""
    flow = typed
    reviewer = next(name for name, account in flow["accounts"].items() if account["role"] == "reviewer")
    driver = sign_in(flow, reviewer)
    worklists = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "a[href*='/review/']")]
    assert worklists, f"{reviewer}: no review link on the dashboard"
    driver.get(worklists[0])
    units = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "a[href*='/units/']")]
    page, criterion = None, None
    for href in units:
        driver.get(href)
        forms = driver.find_elements(By.CSS_SELECTOR, "form[data-appraisal]")
        if forms:
            page, criterion = href, forms[0].get_attribute("data-draft")[len("appraisal-") :]
            break
    assert page, f"{reviewer}: no unit with an appraisal form open"

    def appraise(note):
        form = reveal(driver, driver.find_element(By.CSS_SELECTOR, f"form[data-draft='appraisal-{criterion}']"))
        field = form.find_element(By.CSS_SELECTOR, "textarea[name=note]")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", field)
        field.clear()
        field.send_keys(note)
        return form.find_element(By.CSS_SELECTOR, "button[type=submit]")

    first = driver.current_window_handle
    typed_note = "Kế hoạch ban hành muộn 3 ngày so với quy định"
    button = appraise(typed_note)
    driver.switch_to.new_window("tab")
    driver.get(page)
    save_row(driver, appraise("Đồng ý với điểm tự đánh giá (tab khác)"))
    driver.close()
    driver.switch_to.window(first)
    save_row(driver, button)

    conflict = driver.find_element(By.ID, f"item-{criterion}").find_element(By.CSS_SELECTOR, "section.conflict")
    assert "Phiên bản vừa được lưu bởi" in conflict.text and "Nội dung bạn đã nhập" in conflict.text, conflict.text
    assert "Đồng ý với điểm tự đánh giá (tab khác)" in conflict.text and typed_note in conflict.text, conflict.text
    form = driver.find_element(By.CSS_SELECTOR, f"form[data-draft='appraisal-{criterion}']")
    assert form.find_element(By.CSS_SELECTOR, "textarea[name=note]").get_attribute("value") == typed_note
    driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", conflict)
    picture(flow, "5-review-conflict-side-by-side")
    save_row(driver, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    no_alert(driver, "sending the typed appraisal again")

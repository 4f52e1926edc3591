"""The stuck cycle, in a real browser: an admin moves a cycle to appraisal before the
self-assessment deadline with both units not submitted. The confirmation lists what the move leaves
behind and offers the ways through on the page itself: the admin submits one unit on its behalf
(with a reason) and extends the other, which then fills in and submits itself in appraisal. The
later confirmations and the publish page keep naming what is left and how to finish it."""

import secrets
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from conftest import SIZES, new_driver, save_screenshot
from test_whole_cycle import FRAMEWORK, UNITS, click_and_wait, go, no_alert, path_of, self_assess, sign_in


@pytest.fixture(scope="module")
def stuck(base_url, accounts, screenshot_dir):
    driver = new_driver(SIZES["desktop"])
    yield {
        "driver": driver,
        "code": f"stuck-{secrets.token_hex(3)}",
        "base": base_url,
        "accounts": accounts,
        "dir": screenshot_dir,
        "tmp": Path(tempfile.mkdtemp(prefix="parindex-stuck-")),
        "ok": True,
    }
    driver.quit()


def picture(flow, name):
    save_screenshot(flow["driver"], flow["dir"], f"stuck-cycle-desktop-{name}")


def left_behind(driver):
    return driver.find_element(By.CSS_SELECTOR, "section.left-behind")


def open_phase_confirmation(flow, to):
    driver = go(flow, f"/admin/cycles/{flow['code']}")
    button = driver.find_element(By.CSS_SELECTOR, f"form[action$='/phase'] input[name=to][value='{to}']")
    click_and_wait(driver, button.find_element(By.XPATH, "./ancestor::form//button"))
    assert path_of(driver) == f"/admin/cycles/{flow['code']}/phase"
    return driver


def confirm_move(flow):
    driver = flow["driver"]
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, ".confirm form button[type=submit]"))
    no_alert(driver, "moving the phase")
    assert path_of(driver) == f"/admin/cycles/{flow['code']}"


def use_form(driver, row_id, action_suffix, fields):
    """Opens the `details` of a way in a unit's row on the confirmation, fills it in and sends it."""
    row = driver.find_element(By.ID, row_id)
    form = row.find_element(By.CSS_SELECTOR, f"form[action$='{action_suffix}']")
    details = form.find_element(By.XPATH, "./ancestor::details")
    driver.execute_script("arguments[0].open = true; arguments[0].scrollIntoView({block: 'center'})", details)
    for name, value in fields.items():
        field = form.find_element(By.NAME, name)
        if field.get_attribute("type") == "datetime-local":
            driver.execute_script("arguments[0].value = arguments[1]", field, value)
        else:
            field.clear()
            field.send_keys(value)
    click_and_wait(driver, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))


def test_stuck_cycle_has_ways_through(stuck):
    flow = stuck
    code = flow["code"]
    driver = sign_in(flow, "admin")
    driver = go(flow, "/admin/cycles/new")
    driver.find_element(By.ID, "c-code").send_keys(code)
    driver.find_element(By.ID, "c-name").send_keys(f"Kỳ chuyển giai đoạn sớm ({code})")
    year = driver.find_element(By.ID, "c-year")
    year.clear()
    year.send_keys("2026")
    [o for o in driver.find_elements(By.CSS_SELECTOR, "#c-framework option") if FRAMEWORK in (o.get_attribute("value") + o.text)][0].click()
    for box in driver.find_elements(By.CSS_SELECTOR, "form[action='/admin/cycles'] input[name=units]"):
        if box.is_selected() != (box.get_attribute("value") in UNITS):
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
            box.click()
    start = datetime.now().replace(second=0, microsecond=0)
    for days, field in ((10, "d-self"), (20, "d-appraisal"), (30, "d-explanation"), (40, "d-final")):
        driver.execute_script(
            "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change', {bubbles: true}))",
            driver.find_element(By.ID, field),
            (start + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M"),
        )
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/admin/cycles'] button[type=submit]"))
    no_alert(driver, "creating the cycle")
    open_phase_confirmation(flow, "self_assessment")
    confirm_move(flow)

    # Moving to appraisal ten days early: the confirmation says what is left and how to finish it.
    driver = open_phase_confirmation(flow, "appraisal")
    section = left_behind(driver)
    assert "2 đơn vị chưa nộp" in section.text, section.text
    assert "Hạn Tự đánh giá còn đến" in section.text, section.text
    for unit in UNITS:
        row = driver.find_element(By.ID, f"left-{unit}")
        assert row.find_elements(By.CSS_SELECTOR, f"form[action$='/units/{unit}/submit']"), f"no submit-on-behalf for {unit}"
        assert row.find_elements(By.CSS_SELECTOR, f"form[action$='/units/{unit}/extension']"), f"no extension for {unit}"
    picture(flow, "1-appraisal-confirmation")

    use_form(driver, "left-STC", "/units/STC/submit", {"reason": "Sở Tài chính đề nghị nộp thay bằng công văn số 12/STC"})
    assert path_of(driver) == f"/admin/cycles/{code}/phase", path_of(driver)
    no_alert(driver, "submitting on behalf")
    until = (start + timedelta(days=25)).strftime("%Y-%m-%dT%H:%M")
    use_form(driver, "left-STP", "/units/STP/extension", {"until": until, "reason": "Chuyển giai đoạn trước hạn tự đánh giá"})
    no_alert(driver, "extending")
    section = left_behind(driver)
    assert "1 đơn vị chưa nộp" in section.text and "Gia hạn của" in section.text, section.text
    assert not driver.find_elements(By.ID, "left-STC")
    picture(flow, "2-after-the-ways")
    confirm_move(flow)
    picture(flow, "3-cycle-in-appraisal")

    # The extended unit fills in and submits itself, in appraisal.
    self_assess(flow, "STP", check_reload=False)
    picture(flow, "4-stp-receipt-in-appraisal")

    # The receipt of the unit submitted for says so, with the reason.
    sign_in(flow, "admin")
    driver = go(flow, f"/cycles/{code}/units/STC/receipt")
    assert "Quản trị đã nộp thay đơn vị. Lý do: Sở Tài chính đề nghị" in driver.page_source
    picture(flow, "5-stc-receipt-on-behalf")

    # Later moves and publication keep naming what is left, with the way through.
    open_phase_confirmation(flow, "explanation")
    section = left_behind(driver)
    assert "tiêu chí chưa thẩm định" in section.text, section.text
    assert driver.find_elements(By.CSS_SELECTOR, "#left-STC a[href$='/review/%s/units/STC']" % code)
    picture(flow, "6-explanation-confirmation")
    confirm_move(flow)
    open_phase_confirmation(flow, "final_review")
    confirm_move(flow)
    driver = go(flow, f"/admin/cycles/{code}/publish")
    section = left_behind(driver)
    assert "điểm điều tra xã hội học chưa nhập" in section.text or "tiêu chí chưa thẩm định" in section.text, section.text
    picture(flow, "7-publish-page")

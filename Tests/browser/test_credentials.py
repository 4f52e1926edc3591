"""Disabling and enabling an account from the users page in a real browser (SECURITY.md CR-3): the
admin opens "Vô hiệu hoá tài khoản…" on a row, gives a reason and presses the dark red ⚠ button
(without JavaScript: the disclosure and the form are plain HTML); the row then says why, the
account's open session ends at its next request, and its right password is answered with the
account being disabled. Enabling again with a reason lets it sign in. Pictured at 1280 and 375 px."""

import pytest
from selenium.webdriver.common.by import By

from conftest import SIZES, new_driver, save_screenshot, set_size
from test_whole_cycle import click_and_wait, go, no_alert, path_of, sign_in

# Disables and re-enables a demo account: after the tests that read the demo city untouched.
pytestmark = pytest.mark.changes_demo

REASON = "Cán bộ nghỉ phép dài hạn, tạm khoá theo đề nghị của đơn vị"
TAKEN = {"dv.stc", "dv.caugiay", "dv.snv", "dv.skhdt"}  # accounts other browser tests sign in as


def target_account(accounts):
    units = sorted(name for name, account in accounts.items() if account["role"] == "unit" and name not in TAKEN)
    assert units, "the demo has no spare unit account"
    return units[0]


def row_of(driver, username):
    for row in driver.find_elements(By.CSS_SELECTOR, "#user-table tbody tr"):
        if row.find_element(By.TAG_NAME, "td").text == username:
            return row
    raise AssertionError(f"no row for {username}")


def pictures(flow, name):
    driver = flow["driver"]
    save_screenshot(driver, flow["dir"], f"credentials-{name}-1280")
    set_size(driver, SIZES["mobile"])
    try:
        width = driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1] + 1, f"{name} scrolls sideways at 375 px: {width}"
        save_screenshot(driver, flow["dir"], f"credentials-{name}-375")
    finally:
        set_size(driver, SIZES["desktop"])


def test_disable_with_a_reason_then_enable(base_url, accounts, screenshot_dir):
    target = target_account(accounts)
    admin = {"driver": new_driver(SIZES["desktop"]), "base": base_url, "accounts": accounts, "dir": screenshot_dir}
    person = {"driver": new_driver(SIZES["desktop"]), "base": base_url, "accounts": accounts, "dir": screenshot_dir}
    try:
        sign_in(person, target)
        driver = sign_in(admin, "admin")

        # Without JavaScript, as every admin form works.
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
        try:
            go(admin, f"/admin/users?q={target}")
            row = row_of(driver, target)
            summary = row.find_element(By.XPATH, ".//summary[contains(., 'Vô hiệu hoá tài khoản')]")
            summary.click()
            field = row.find_element(By.CSS_SELECTOR, f"form[action='/admin/users/{target}/disable'] input[name=reason]")
            assert field.get_attribute("required") is not None
            label = row.find_element(By.CSS_SELECTOR, f"label[for='{field.get_attribute('id')}']").text
            assert label == "Lý do (bắt buộc)", label
            button = row.find_element(By.CSS_SELECTOR, f"form[action='/admin/users/{target}/disable'] button.irreversible")
            colour = driver.execute_script("return getComputedStyle(arguments[0]).backgroundColor", button)
            mark = driver.execute_script("return getComputedStyle(arguments[0], '::before').content", button)
            assert colour == "rgb(138, 28, 28)" and "⚠" in mark, (colour, mark)
            field.send_keys(REASON)
            pictures(admin, "disable-form")
            click_and_wait(driver, button)
        finally:
            driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
        no_alert(driver, "disabling")
        notice = driver.find_element(By.CSS_SELECTOR, "p.notice").text
        assert notice.startswith(f"Đã vô hiệu hoá tài khoản {target}"), notice
        state = row_of(driver, target).find_elements(By.TAG_NAME, "td")[4].text
        assert state.startswith(f"Đã vô hiệu hoá: {REASON} (admin, "), state
        go(admin, f"/admin/users?q={target}")
        assert row_of(driver, target).find_elements(By.TAG_NAME, "td")[4].text == state
        assert row_of(driver, target).find_elements(By.XPATH, ".//summary[contains(., 'Bật lại tài khoản')]")
        pictures(admin, "disabled")

        # The person's open session ends at its next request; the right password says why.
        go(person, "/dashboard")
        assert path_of(person["driver"]) == "/login", path_of(person["driver"])
        person["driver"].find_element(By.ID, "username").send_keys(target)
        person["driver"].find_element(By.ID, "password").send_keys(accounts[target]["password"])
        click_and_wait(person["driver"], person["driver"].find_element(By.CSS_SELECTOR, "form[action='/login'] button[type=submit]"))
        alert = person["driver"].find_element(By.CSS_SELECTOR, ".alert").text
        assert "đã bị vô hiệu hoá" in alert, alert
        save_screenshot(person["driver"], screenshot_dir, "credentials-sign-in-disabled-1280")

        # Enabled again, with a reason: the account signs in.
        go(admin, f"/admin/users?q={target}")
        row = row_of(driver, target)
        row.find_element(By.XPATH, ".//summary[contains(., 'Bật lại tài khoản')]").click()
        form = row.find_element(By.CSS_SELECTOR, f"form[action='/admin/users/{target}/enable']")
        form.find_element(By.NAME, "reason").send_keys("Cán bộ đã trở lại làm việc")
        click_and_wait(driver, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
        no_alert(driver, "enabling")
        assert row_of(driver, target).find_elements(By.TAG_NAME, "td")[4].text == "Đang hoạt động"
        go(admin, f"/admin/users?q={target}")
        pictures(admin, "enabled")
        sign_in(person, target)
    finally:
        admin["driver"].quit()
        person["driver"].quit()

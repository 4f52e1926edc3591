"""The public home page and signing in and out, in a real browser, as a person would."""

from urllib.parse import urlparse

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from conftest import alert_text, console_errors

BOTH_SIZES = pytest.mark.parametrize("browser", ["mobile", "desktop"], indirect=True)
MOBILE = pytest.mark.parametrize("browser", ["mobile"], indirect=True)

# The demo's districts cycle, 2026-huyen, as the dashboard names it.
DISTRICT_CYCLE = "Chỉ số CCHC năm 2026 — khối quận, huyện, thị xã"
DEPARTMENT_CYCLE = "Chỉ số CCHC năm 2026 — khối sở, ban, ngành"


def path_of(driver):
    return urlparse(driver.current_url).path


def body_text(driver):
    return driver.find_element(By.TAG_NAME, "body").text


def no_horizontal_scroll(driver):
    return driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")


@BOTH_SIZES
def test_home_page_in_vietnamese(browser, open_page, shot):
    open_page("/")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "vi"
    text = body_text(browser)
    assert "Chỉ số" in text
    assert "Kết quả Chỉ số cải cách hành chính" in browser.find_element(By.TAG_NAME, "h1").text
    assert "Đăng nhập" in text
    assert "Chỉ số cải cách hành chính" in browser.title
    # the stylesheet and the module loaded under the CSP, with nothing refused
    assert browser.execute_script("return getComputedStyle(document.querySelector('header.site')).display") == "flex"
    assert console_errors(browser) == []
    shot("home")


@BOTH_SIZES
def test_login_page(browser, open_page, shot):
    open_page("/login")
    # every control has a label
    for control in browser.find_elements(By.CSS_SELECTOR, "form[action='/login'] input:not([type=hidden])"):
        assert browser.find_elements(By.CSS_SELECTOR, f"label[for='{control.get_attribute('id')}']")
    shot("login")


def test_unit_signs_in_sees_the_countdown_and_signs_out(browser, login, open_page, shot, base_url):
    assert login("dv.caugiay") == "/dashboard"
    # the session cookie is __Host-, Secure and HttpOnly, and the browser kept it on http://127.0.0.1
    session = [c for c in browser.get_cookies() if c["name"].startswith("__Host-") and "login" not in c["name"]]
    assert session, f"no session cookie: {browser.get_cookies()}"
    assert session[0]["secure"] and session[0]["httpOnly"] and session[0].get("sameSite") == "Lax"
    assert browser.find_element(By.TAG_NAME, "h1").text == "Việc cần làm"
    text = body_text(browser)
    assert DISTRICT_CYCLE in text  # the cycle 2026-huyen
    assert DEPARTMENT_CYCLE not in text  # a district sees only its own cycle
    assert "dv.caugiay" in text
    countdown = browser.find_element(By.CSS_SELECTOR, "time[data-countdown]")
    assert countdown.get_attribute("datetime")
    assert "ngày" in countdown.text or "giờ" in countdown.text, countdown.text
    shot("dashboard")

    before = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(By.CSS_SELECTOR, "form[action='/logout'] button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda d: d.find_element(By.TAG_NAME, "html") != before and path_of(d) == "/")
    assert browser.find_element(By.CSS_SELECTOR, "header.site a[href='/login']").text == "Đăng nhập"
    assert not browser.find_elements(By.CSS_SELECTOR, "form[action='/logout']")
    # signed out for real: the dashboard sends the person back to the login page
    open_page("/dashboard")
    assert path_of(browser) == "/login"


def test_wrong_password_shows_the_vietnamese_error(browser, login, shot):
    assert login("quansat", password="không-phải-mật-khẩu", expect_success=False) == "/login"
    assert alert_text(browser) == "Tên đăng nhập hoặc mật khẩu không đúng."
    assert browser.find_element(By.CSS_SELECTOR, ".alert").get_attribute("role") == "alert"
    assert browser.find_element(By.ID, "username").get_attribute("value") == "quansat"
    assert browser.find_element(By.ID, "password").get_attribute("value") == ""
    shot("wrong-password")


def test_admin_signs_in_to_the_dashboard(browser, login, shot):
    assert login("admin") == "/dashboard"
    text = body_text(browser)
    assert DISTRICT_CYCLE in text and DEPARTMENT_CYCLE in text
    assert len(browser.find_elements(By.CSS_SELECTOR, "time[data-countdown]")) == 2
    shot("dashboard")


@MOBILE
def test_no_horizontal_scroll_at_375_px(browser, open_page, login, shot):
    for path in ["/", "/login"]:
        open_page(path)
        assert browser.execute_script("return window.innerWidth") == 375
        assert no_horizontal_scroll(browser), f"{path} scrolls sideways at 375 px"
    login("dv.caugiay")
    assert no_horizontal_scroll(browser), "the dashboard scrolls sideways at 375 px"
    shot("dashboard")


def test_tab_from_the_top_reaches_the_skip_link_first(browser, open_page, shot):
    open_page("/")
    ActionChains(browser).send_keys(Keys.TAB).perform()
    focused = browser.switch_to.active_element
    assert focused.get_attribute("class") == "skip"
    assert focused.text == "Bỏ qua điều hướng"
    # visible once focused, with the focus outline
    assert browser.execute_script("return arguments[0].getBoundingClientRect().left >= 0", focused)
    shot("skip-link")
    # following it moves the focus to the main content
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    WebDriverWait(browser, 5).until(lambda d: d.switch_to.active_element.get_attribute("id") == "main")

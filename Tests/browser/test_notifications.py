"""The to-do list, the notifications and the admin's mail page, in a real browser.

The demo city's cycles are in appraisal, moved there phase by phase and with questions asked, so
every account already has notifications; the server runs without `mail.*`, so nothing is e-mailed.
"""

import re
from urllib.parse import urlparse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import console_errors

BOTH_SIZES = pytest.mark.parametrize("browser", ["mobile", "desktop"], indirect=True)


def path_of(driver):
    return urlparse(driver.current_url).path


def unread(driver):
    """The header's count: "" when nothing is unread (the badge is then not shown)."""
    badge = driver.find_element(By.CSS_SELECTOR, "header.site a.bell .count")
    return badge.text if badge.is_displayed() else ""


def click_and_wait(driver, element):
    before = driver.find_element(By.TAG_NAME, "html")
    element.click()
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.TAG_NAME, "html") != before)
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")


def no_horizontal_scroll(driver):
    return driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_reviewer_to_do_counts_and_links_to_the_work(browser, login, shot):
    login("thamdinh2.1")
    lines = browser.find_elements(By.CSS_SELECTOR, "ul.todo li[data-todo='appraise'] a")
    assert lines, f"no items to appraise on the reviewer's dashboard: {browser.find_element(By.TAG_NAME, 'main').text}"
    line = lines[0]
    count = int(line.find_element(By.CSS_SELECTOR, "strong.count").text.replace(".", ""))
    assert count > 0 and line.text.endswith("tiêu chí chờ thẩm định"), line.text
    shot("dashboard")
    click_and_wait(browser, line)
    # The link leads to the work: the council's list, or the one unit with only the unappraised items shown.
    assert path_of(browser).startswith("/review/"), browser.current_url
    assert console_errors(browser) == []
    shot("work")


@BOTH_SIZES
def test_the_bell_leads_to_the_notifications(browser, login, shot):
    login("dv.hoankiem")
    count = unread(browser)
    assert re.fullmatch(r"[1-9][0-9]*", count), f"unread count {count!r}"
    if browser.parindex_size == "mobile":
        assert no_horizontal_scroll(browser), "the dashboard scrolls sideways at 375 px with the bell"
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "header.site a.bell"))
    assert path_of(browser) == "/notifications"
    assert browser.find_element(By.TAG_NAME, "h1").text == "Thông báo"
    items = browser.find_elements(By.CSS_SELECTOR, "ol.notifications li.notification")
    assert len(items) == int(count)
    kinds = {item.find_element(By.CSS_SELECTOR, ".kind").text for item in items}
    assert "Chuyển giai đoạn" in kinds and "Yêu cầu giải trình" in kinds, kinds
    question = next(item for item in items if item.get_attribute("data-kind") == "question")
    assert question.find_element(By.TAG_NAME, "h2").text.startswith("Yêu cầu giải trình tiêu chí ")
    assert "Hội đồng thẩm định yêu cầu Quận Hoàn Kiếm giải trình" in question.text
    href = urlparse(question.find_element(By.LINK_TEXT, "Mở trang liên quan").get_attribute("href"))
    assert href.path == "/cycles/2026-huyen/units/HOANKIEM" and re.fullmatch(r"item-[0-9.]+", href.fragment), href
    if browser.parindex_size == "mobile":
        assert no_horizontal_scroll(browser), "the notifications scroll sideways at 375 px"
    assert console_errors(browser) == []
    shot("notifications")


def test_marking_read_clears_the_count(browser, login, shot):
    login("dv.haibatrung")
    before = int(unread(browser))
    browser.get(browser.current_url.replace("/dashboard", "/notifications"))
    first = browser.find_element(By.CSS_SELECTOR, "li.notification.unread form button")
    click_and_wait(browser, first)
    assert int(unread(browser) or 0) == before - 1
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[normalize-space()='Đánh dấu tất cả là đã đọc']"))
    assert unread(browser) == ""
    assert not browser.find_elements(By.CSS_SELECTOR, "li.notification.unread")
    shot("all-read")


def test_admin_sees_the_outbox_and_sets_an_address(browser, login, open_page, shot):
    login("admin")
    open_page("/admin/mail")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Thư điện tử thông báo"
    assert "Chưa cấu hình gửi thư" in browser.find_element(By.CSS_SELECTOR, "[data-mail-off]").text
    shot("mail")
    open_page("/admin/users")
    field = browser.find_element(By.ID, "email-dv.hoankiem")
    field.clear()
    field.send_keys("vanphong@hoankiem.hanoi.gov.vn")
    click_and_wait(browser, field.find_element(By.XPATH, "./following-sibling::button"))
    assert "Đã lưu địa chỉ thư điện tử của dv.hoankiem." in browser.find_element(By.CSS_SELECTOR, ".notice").text
    assert browser.find_element(By.ID, "email-dv.hoankiem").get_attribute("value") == "vanphong@hoankiem.hanoi.gov.vn"
    shot("users")

"""Browser test harness for ParIndex: headless Chromium driven by Selenium.

Run through `scripts/browser-test`, which starts a server on a demo database and passes:
  PARINDEX_URL          the server's base URL (http://127.0.0.1:<port>)
  PARINDEX_ACCOUNTS     JSON {username: {"role", "unit", "password"}} of the demo accounts
  PARINDEX_SCREENSHOTS  folder for screenshots (build/screenshots)

Fixtures for tests:
  base_url   the server's base URL
  accounts   the demo accounts
  browser    a fresh Chromium per test, desktop size (1280×900); parametrize indirectly with
             "mobile" (375×812) or "desktop" to choose:
                 @pytest.mark.parametrize("browser", ["mobile", "desktop"], indirect=True)
  open_page  open_page("/path") loads a page and waits until it is ready
  login      login("dv.caugiay") signs in through the form; returns the page's URL path
  shot       shot("name") saves a full-page screenshot as <test>-<size>-<name>.png
Admins and reviewers confirm each sign-in with a TOTP code (SECURITY.md AU): the first sign-in
enrols (the secret is read off the enrolment page and kept in TOTP_SECRETS for the session), and
`complete_second_factor` types the code an authenticator app would show.
Nothing is downloaded: Selenium uses /usr/bin/chromium and /usr/bin/chromedriver.
"""

import base64
import hashlib
import hmac
import json
import os
import re
import struct
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
SIZES = {"mobile": (375, 812), "desktop": (1280, 900)}


@pytest.fixture(scope="session")
def base_url():
    url = os.environ.get("PARINDEX_URL")
    if not url:
        pytest.skip("PARINDEX_URL is not set: run scripts/browser-test")
    return url.rstrip("/")


@pytest.fixture(scope="session")
def accounts():
    raw = os.environ.get("PARINDEX_ACCOUNTS")
    if not raw:
        pytest.skip("PARINDEX_ACCOUNTS is not set: run scripts/browser-test")
    return json.loads(raw)


@pytest.fixture(scope="session")
def screenshot_dir():
    folder = Path(os.environ.get("PARINDEX_SCREENSHOTS", "build/screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def new_driver(size):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--lang=vi-VN",
        "--force-device-scale-factor=1",
        "--hide-scrollbars",
        f"--window-size={size[0]},{size[1]}",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    set_size(driver, size)
    return driver


def set_size(driver, size):
    """Makes the viewport exactly width × height CSS pixels. Headless windows keep a minimum
    width of 500 px and their own height, so the size is emulated through DevTools. `mobile` stays
    off on purpose: a mobile viewport zooms out to fit a too-wide page, which would hide the very
    sideways scrolling the tests look for."""
    width, height = size
    driver.set_window_size(max(width, 500), height)
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
    )


@pytest.fixture
def browser(request):
    name = getattr(request, "param", "desktop")
    driver = new_driver(SIZES[name])
    driver.parindex_size = name
    request.node.parindex_driver = driver
    yield driver
    driver.quit()


@pytest.fixture
def open_page(browser, base_url):
    def open_(path="/"):
        browser.get(base_url + path)
        WebDriverWait(browser, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")
        return browser

    return open_


# username -> base32 secret, learnt at enrolment; username -> last time step used (codes work once).
TOTP_SECRETS = {}
TOTP_LAST_STEP = {}


def totp(secret_base32, step):
    """RFC 6238 with the standard library: HMAC-SHA1 over the 30-second step, 6 digits."""
    key = base64.b32decode(secret_base32 + "=" * (-len(secret_base32) % 8))
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


def next_code(username):
    """A code the server has not seen yet. The server takes one step either side of its now, but
    the server reads its clock after we read ours: the step before ours can already be two behind
    the server's when a step boundary falls in between (CI failed exactly so). Our step and the
    next are always inside the server's window, so two sign-ins fit in one 30-second step and a
    third waits for the next step."""
    secret = TOTP_SECRETS[username]
    while True:
        now = int(time.time() // 30)
        step = max(now, TOTP_LAST_STEP.get(username, now - 1) + 1)
        if step <= now + 1:
            TOTP_LAST_STEP[username] = step
            return totp(secret, step)
        time.sleep(1)


def scanned_qr(driver):
    """The enrolment QR code as Chromium drew it, read by zbarimg as a phone camera would."""
    with tempfile.TemporaryDirectory() as folder:
        picture = os.path.join(folder, "qr.png")
        # The screen as a person sees it, the code scrolled into view (an element-only capture
        # comes back without the white field around the code, which scanners need).
        driver.execute_script("arguments[0].scrollIntoView()", driver.find_element(By.CSS_SELECTOR, ".qr svg"))
        driver.save_screenshot(picture)
        result = subprocess.run(["zbarimg", "--raw", "-q", picture], capture_output=True, text=True, timeout=30)
        assert result.returncode == 0, f"zbarimg read no QR code from the enrolment page: {result.stderr}"
        return result.stdout.strip()


def replaced(element):
    """A wait condition: the element left the document (a new page, or the row swapped in place).
    Selenium's staleness_of expects StaleElementReferenceException, but Chromium answers a check
    that lands while the old document is being torn down with a plain "unknown error: Node with
    given id does not belong to the document"; that is the same fact, so it counts as gone too."""

    def gone(driver):
        try:
            element.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            if "does not belong to the document" in str(error) or "No node with given id" in str(error):
                return True
            raise

    return gone


def complete_second_factor(driver, username):
    """On the code (or enrolment) page after the password, types the current code and submits.
    Returns the path landed on; does nothing when no second step was asked for."""
    if urlparse(driver.current_url).path != "/login/code":
        return urlparse(driver.current_url).path
    shown = driver.find_elements(By.ID, "totp-secret")
    if shown:
        TOTP_SECRETS[username] = shown[0].text.replace(" ", "")
        uri = driver.find_element(By.ID, "totp-uri").text
        assert "otpauth://totp/" in uri
        assert scanned_qr(driver) == uri, "the enrolment QR code as drawn does not scan to the otpauth URI"
    field = driver.find_element(By.ID, "code")
    assert field.get_attribute("autocomplete") == "one-time-code" and field.get_attribute("inputmode") == "numeric"
    field.send_keys(next_code(username))
    before = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.CSS_SELECTOR, "form[action='/login/code'] button[type=submit]").click()
    WebDriverWait(driver, 10).until(replaced(before))
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")
    return urlparse(driver.current_url).path


@pytest.fixture
def login(browser, base_url, accounts, open_page):
    """Signs in through the login form as a person would; returns the path landed on."""

    def login_(username, password=None, expect_success=True):
        if password is None:
            password = accounts[username]["password"]
        open_page("/login")
        browser.find_element(By.ID, "username").clear()
        browser.find_element(By.ID, "username").send_keys(username)
        browser.find_element(By.ID, "password").send_keys(password)
        before = browser.find_element(By.TAG_NAME, "html")
        browser.find_element(By.CSS_SELECTOR, "form[action='/login'] button[type=submit]").click()
        WebDriverWait(browser, 10).until(replaced(before))
        WebDriverWait(browser, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")
        path = urlparse(browser.current_url).path
        if expect_success:
            path = complete_second_factor(browser, username)
            assert path == "/dashboard", f"signing in as {username} landed on {path}: {alert_text(browser)}"
        return path

    return login_


def alert_text(driver):
    alerts = driver.find_elements(By.CSS_SELECTOR, ".alert")
    return alerts[0].text if alerts else ""


@pytest.fixture
def shot(request, browser, screenshot_dir):
    def shot_(name):
        return save_screenshot(browser, screenshot_dir, f"{slug(request.node.name)}-{name}")

    return shot_


def slug(text):
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-")


def save_screenshot(driver, folder, name):
    """A full-page PNG (the whole document, not just the viewport), through Chromium's DevTools."""
    path = Path(folder) / f"{name}.png"
    try:
        metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
        content = metrics.get("cssContentSize") or metrics["contentSize"]
        viewport = metrics.get("cssLayoutViewport") or metrics["layoutViewport"]
        width = max(int(viewport["clientWidth"]), 1)
        height = max(int(content["height"]), int(viewport["clientHeight"]), 1)
        data = driver.execute_cdp_cmd(
            "Page.captureScreenshot",
            {
                "format": "png",
                "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1},
            },
        )["data"]
        path.write_bytes(base64.b64decode(data))
    except Exception:  # fall back to the viewport
        driver.save_screenshot(str(path))
    return path


def console_errors(driver):
    """Severe browser console entries (CSP violations, failed loads), favicon requests excepted."""
    return [
        entry["message"]
        for entry in driver.get_log("browser")
        if entry.get("level") == "SEVERE" and "favicon.ico" not in entry.get("message", "")
    ]


def pytest_configure(config):
    config.addinivalue_line("markers", "changes_demo: the module adds cycles or data the demo city did not have")


def pytest_collection_modifyitems(config, items):
    """Modules marked `changes_demo` run after the others (each keeping its order), so the tests
    that read the demo city as `parindex demo` made it (two cycles on the admin's dashboard…) see it so."""
    items.sort(key=lambda item: item.get_closest_marker("changes_demo") is not None)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """On a failing test, keep a screenshot of where the browser was."""
    outcome = yield
    report = outcome.get_result()
    driver = getattr(item, "parindex_driver", None)
    if report.when == "call" and report.failed and driver is not None:
        folder = os.environ.get("PARINDEX_SCREENSHOTS", "build/screenshots")
        Path(folder).mkdir(parents=True, exist_ok=True)
        try:
            path = save_screenshot(driver, folder, f"FAILED-{slug(item.name)}")
            report.sections.append(("screenshot", str(path)))
        except Exception:
            pass

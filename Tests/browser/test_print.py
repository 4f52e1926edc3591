"""The printable documents in a real browser: the receipt, the score card and the council record
(biên bản thẩm định) are printed to PDF by Chromium (DevTools Page.printToPDF, through selenium's
print_page), the text is read back with pdftotext and the pages are turned into PNGs with pdftoppm
for a person to look at (build/screenshots/print-*.png).

A published cycle is needed for the score card, and the demo city's cycles are still in appraisal:
this module starts its own throw-away server on 127.0.0.1 (TOTP off, so the reviewer signs in with
a password), plays a whole cycle to publication with scripts/play_cycle.py, and stops it after."""

import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.print_page_options import PrintOptions

from conftest import SIZES, new_driver, save_screenshot
from test_whole_cycle import click_and_wait, path_of, ready

PASSWORD = "Mật-khẩu-thử-nghiệm-2026"  # what scripts/play_cycle.py gives the accounts it makes
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url, server, log):
    deadline = time.time() + 30
    while time.time() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"the print server stopped: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2):
                return
        except Exception:
            time.sleep(0.2)
    raise AssertionError("the print server never answered /healthz")


@pytest.fixture(scope="module")
def published(screenshot_dir):
    """A server of its own with one published cycle; yields its URL, the cycle and the accounts."""
    for tool in ("pdftotext", "pdftoppm"):
        if not shutil.which(tool):
            pytest.fail(f"{tool} is missing: bash scripts/setup installs poppler-utils")
    binary = os.environ.get("PARINDEX_BIN", ".build/debug/parindex")
    work = Path(tempfile.mkdtemp(prefix="parindex-print-"))
    env = dict(os.environ)
    env.update(
        PARINDEX_DATABASE_PATH=str(work / "parindex.sqlite"),
        PARINDEX_EVIDENCE_DIRECTORY=str(work / "evidence"),
        PARINDEX_PASSWORD_SCRYPT_LOG_ROUNDS="10",
        PARINDEX_AUTH_TOTP_REQUIRED="false",
        PARINDEX_LOG_LEVEL="warning",
    )
    run = lambda *args, **kw: subprocess.run([binary, *args], env=env, check=True, capture_output=True, text=True, timeout=120, **kw)
    run("migrate")
    run("user", "create", "--username", "quantri", "--name", "Quản trị", "--role", "admin", "--password-stdin", input="Một mật khẩu đủ dài 2026\n")
    token = run("token", "create", "quantri").stdout.strip()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = work / "server.log"
    with open(log, "w") as out:
        server = subprocess.Popen([binary, "serve", "--host", "127.0.0.1", "--port", str(port)], env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_healthy(url, server, log)
        played = subprocess.run(
            [sys.executable, "scripts/play_cycle.py", "--url", url, "--token", token], capture_output=True, text=True, timeout=300
        )
        assert played.returncode == 0, played.stdout[-2000:] + played.stderr[-2000:]
        request = urllib.request.Request(url + "/api/v1/cycles", headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            cycles = [c for c in json.loads(response.read()) if c["code"].startswith("play-")]
        assert cycles and cycles[0]["phase"] == "published", cycles
        tag = cycles[0]["code"][len("play-") :]
        yield {"url": url, "cycle": cycles[0]["code"], "unit": f"dv.tx.{tag}", "reviewer": f"thamdinh.{tag}", "dir": screenshot_dir}
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(work, ignore_errors=True)


@pytest.fixture
def driver():
    driver = new_driver(SIZES["desktop"])
    yield driver
    driver.quit()


def sign_in(driver, url, username):
    driver.get(url + "/login")
    ready(driver)
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/login'] button[type=submit]"))
    assert path_of(driver) == "/dashboard", f"signing in as {username} landed on {path_of(driver)}"


def print_document(driver, published, path, name):
    """Opens `path`, checks the "In" button calls the print dialog, prints the page to an A4 PDF
    and returns its text (pdftotext -layout) and the PNG of each page (pdftoppm)."""
    driver.get(published["url"] + path)
    ready(driver)
    save_screenshot(driver, published["dir"], f"screen-{name}")
    button = driver.find_element(By.CSS_SELECTOR, "button[data-print]")
    assert button.text == "In" and button.is_displayed()
    driver.execute_script("window.__printed = 0; window.print = () => { window.__printed += 1; };")
    button.click()
    assert driver.execute_script("return window.__printed") == 1, "the In button did not open the print dialog"
    options = PrintOptions()
    options.page_width = 21.0
    options.page_height = 29.7
    options.background = True
    folder = Path(published["dir"])
    pdf = folder / f"print-{name}.pdf"
    pdf.write_bytes(base64.b64decode(driver.print_page(options)))
    assert pdf.read_bytes().startswith(b"%PDF-")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True, timeout=60).stdout
    for old in folder.glob(f"print-{name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "70", str(pdf), str(folder / f"print-{name}")], check=True, timeout=120)
    pages = sorted(folder.glob(f"print-{name}-*.png"))
    assert pages, "pdftoppm made no page"
    return text, pages


def assert_official(text, name, where):
    flat = " ".join(text.split())
    for piece in (NATION, MOTTO, "UBND THÀNH PHỐ HÀ NỘI", "SỞ NỘI VỤ", name, "Hà Nội, ngày"):
        assert piece in flat, f"{where}: '{piece}' is not in the printed PDF:\n{text[:1500]}"
    # The site's navigation and the print button stay off the paper.
    for screen_only in ("Đăng xuất", "In hoặc lưu thành PDF", "Bỏ qua điều hướng"):
        assert screen_only not in flat, f"{where}: '{screen_only}' was printed"


def test_receipt_prints_as_an_official_document(published, driver):
    sign_in(driver, published["url"], published["unit"])
    text, pages = print_document(driver, published, f"/cycles/{published['cycle']}/units/TX/receipt", "receipt")
    assert_official(text, "GIẤY BIÊN NHẬN", "receipt")
    flat = " ".join(text.split())
    assert "NGƯỜI NỘP" in flat and "THỦ TRƯỞNG ĐƠN VỊ" in flat and "Cán bộ Thị xã Thử Nghiệm" in flat
    assert len(pages) >= 1


def test_score_card_prints_as_an_official_document(published, driver):
    text, pages = print_document(driver, published, f"/results/{published['cycle']}/units/TX", "scorecard")
    assert_official(text, "PHIẾU ĐIỂM", "score card")
    flat = " ".join(text.split())
    assert "TM. HỘI ĐỒNG THẨM ĐỊNH" in flat and "Thị xã Thử Nghiệm" in flat
    assert "Thẩm định viên" not in flat, "the score card names a reviewer"


def test_council_record_prints_as_an_official_document(published, driver):
    sign_in(driver, published["url"], published["reviewer"])
    text, pages = print_document(driver, published, f"/review/{published['cycle']}/units/TX/record", "record")
    assert_official(text, "BIÊN BẢN THẨM ĐỊNH", "council record")
    flat = " ".join(text.split())
    for piece in ("Thành phần tổ thẩm định", "Thẩm định viên", "Tổng hợp", "Cuối cùng", "TM. TỔ THẨM ĐỊNH", "ĐẠI DIỆN ĐƠN VỊ"):
        assert piece in flat, f"council record: '{piece}' missing"

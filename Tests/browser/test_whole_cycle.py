"""A whole cycle through the pages, in a real browser: an admin creates and runs a cycle, two
departments fill in and submit, a reviewer appraises, asks and settles, the admin publishes and
the public reads the results. Ordered tests share one browser and the cycle's state."""

import json
import re
import secrets
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import SIZES, alert_text, complete_second_factor, new_driver, replaced, save_screenshot, set_size

UNITS = ("STC", "STP")
UNIT_USERS = {"STC": "dv.stc", "STP": "dv.stp"}
REVIEWER = "thamdinh1.1"
FRAMEWORK = "par-hanoi-department"


@pytest.fixture(scope="module")
def flow(base_url, accounts, screenshot_dir):
    driver = new_driver(SIZES["desktop"])
    state = {
        "driver": driver,
        "code": f"e2e-{secrets.token_hex(3)}",
        "base": base_url,
        "accounts": accounts,
        "dir": screenshot_dir,
        "tmp": Path(tempfile.mkdtemp(prefix="parindex-e2e-")),
        "ok": True,
    }
    yield state
    driver.quit()


@pytest.fixture(autouse=True)
def needs_previous(request, flow):
    """Ordered steps: a later one only makes sense when every earlier one passed."""
    if not flow["ok"]:
        pytest.fail("an earlier step of the whole cycle failed", pytrace=False)
    failed = request.session.testsfailed
    yield
    if request.session.testsfailed != failed:
        flow["ok"] = False


# MARK: helpers


def ready(driver):
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return document.readyState") == "complete")


def go(flow, path):
    flow["driver"].get(flow["base"] + path)
    ready(flow["driver"])
    return flow["driver"]


def path_of(driver):
    return urlparse(driver.current_url).path


def click_and_wait(driver, element):
    before = driver.find_element(By.TAG_NAME, "html")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()
    WebDriverWait(driver, 30).until(replaced(before))
    ready(driver)


def reveal(driver, element):
    """Opens the disclosures (<details>) around an element, as a person clicks their summary to
    reach what the dense grids keep folded."""
    driver.execute_script("for (let d = arguments[0].closest('details'); d; d = d.parentElement.closest('details')) d.open = true", element)
    return element


def save_row(driver, element):
    """Clicks a row's save button and waits for the answer: the row replaced in place (the page's
    script) or a new page (without it). Either way the row that was clicked is gone."""
    row = element.find_element(By.XPATH, "./ancestor::*[contains(concat(' ', normalize-space(@class), ' '), ' item ')][1]")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()
    WebDriverWait(driver, 30).until(replaced(row))
    ready(driver)


def shot(flow, name, mobile=False):
    driver = flow["driver"]
    save_screenshot(driver, flow["dir"], f"whole-cycle-desktop-{name}")
    if mobile:
        set_size(driver, SIZES["mobile"])
        driver.refresh()
        ready(driver)
        time.sleep(0.2)
        save_screenshot(driver, flow["dir"], f"whole-cycle-mobile-{name}")
        fits = driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")
        width = driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
        set_size(driver, SIZES["desktop"])
        driver.refresh()
        ready(driver)
        assert fits, f"{name} scrolls sideways at 375 px: {width}"


def sign_in(flow, username):
    driver = go(flow, "/")
    driver.delete_all_cookies()
    go(flow, "/login")
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(flow["accounts"][username]["password"])
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/login'] button[type=submit]"))
    complete_second_factor(driver, username)  # admins and reviewers: TOTP code (enrolment the first time)
    assert path_of(driver) == "/dashboard", f"signing in as {username}: {alert_text(driver)}"
    return driver


def no_alert(driver, where):
    alerts = [a.text for a in driver.find_elements(By.CSS_SELECTOR, ".alert") if a.is_displayed() and a.text.strip()]
    assert not alerts, f"{where}: {alerts}"


def move_phase(flow, to):
    driver = go(flow, f"/admin/cycles/{flow['code']}")
    button = driver.find_element(By.CSS_SELECTOR, f"form[action$='/phase'] input[name=to][value='{to}']")
    click_and_wait(driver, button.find_element(By.XPATH, "./ancestor::form//button"))
    assert path_of(driver) == f"/admin/cycles/{flow['code']}/phase"
    shot(flow, f"admin-phase-confirm-{to}")
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, ".confirm form button[type=submit]"))
    no_alert(driver, f"moving to {to}")
    driver = go(flow, f"/admin/cycles/{flow['code']}")
    assert driver.find_element(By.CSS_SELECTOR, ".phases li[aria-current=step]"), "no current phase"
    return driver


def write_pdf(flow, name):
    body = f"ParIndex e2e evidence {name} {secrets.token_hex(8)}"
    content = (
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 144]/Contents 4 0 R/Resources<<>>>>endobj\n"
        f"4 0 obj<</Length {len(body) + 30}>>stream\nBT /F1 12 Tf 10 70 Td ({body}) Tj ET\nendstream endobj\n"
        "trailer<</Root 1 0 R>>\n%%EOF\n"
    )
    path = flow["tmp"] / f"{name}.pdf"
    path.write_text(content, encoding="latin-1")
    return path


def upload(driver, row, path):
    form = reveal(driver, row.find_element(By.CSS_SELECTOR, "form[data-upload]"))
    form.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(path))
    button = form.find_element(By.CSS_SELECTOR, "button[type=submit]")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()
    WebDriverWait(driver, 20).until(
        lambda d: any(path.name in li.text for li in row.find_elements(By.CSS_SELECTOR, "[data-evidence-list] li"))
        or "error" in (form.find_element(By.CSS_SELECTOR, "[data-upload-status]").get_attribute("class") or "")
    )
    items = [li for li in row.find_elements(By.CSS_SELECTOR, "[data-evidence-list] li") if path.name in li.text]
    status = form.find_element(By.CSS_SELECTOR, "[data-upload-status]").text
    assert items, f"upload of {path.name} failed: {status}"
    assert re.search(r"[0-9a-f]{6,}", items[0].text), f"no short hash by the file: {items[0].text}"


def fill_row(row):
    """Types an entry by the rule kind; returns what was typed, to compare after a reload."""
    rule = json.loads(row.get_attribute("data-rule") or "{}")
    if row.find_elements(By.CSS_SELECTOR, "select[name=choice]"):
        choice = Select(row.find_element(By.CSS_SELECTOR, "select[name=choice]"))
        choice.select_by_value("0")
        return ("choice", "0")
    if row.find_elements(By.CSS_SELECTOR, "input[name=numerator]"):
        row.find_element(By.CSS_SELECTOR, "input[name=numerator]").clear()
        row.find_element(By.CSS_SELECTOR, "input[name=numerator]").send_keys("9")
        row.find_element(By.CSS_SELECTOR, "input[name=denominator]").clear()
        row.find_element(By.CSS_SELECTOR, "input[name=denominator]").send_keys("10")
        return ("ratio", "9/10")
    points = row.find_element(By.CSS_SELECTOR, "input[name=points]")
    if rule.get("kind") == "deduction":
        value = "0"
    else:
        value = row.find_element(By.CSS_SELECTOR, "td.num").text.strip() or "0"
    points.clear()
    points.send_keys(value)
    return ("points", value)


def read_row(row):
    if row.find_elements(By.CSS_SELECTOR, "select[name=choice]"):
        value = row.find_element(By.CSS_SELECTOR, "select[name=choice]").get_attribute("value")
        return ("choice", value or None)
    if row.find_elements(By.CSS_SELECTOR, "input[name=numerator]"):
        n = row.find_element(By.CSS_SELECTOR, "input[name=numerator]").get_attribute("value")
        d = row.find_element(By.CSS_SELECTOR, "input[name=denominator]").get_attribute("value")
        return ("ratio", f"{n}/{d}")
    return ("points", row.find_element(By.CSS_SELECTOR, "input[name=points]").get_attribute("value"))


def self_assess(flow, unit, check_reload):
    code = flow["code"]
    driver = sign_in(flow, UNIT_USERS[unit])
    driver = go(flow, f"/cycles/{code}/units/{unit}")
    no_alert(driver, f"{unit} form")
    rows = driver.find_elements(By.CSS_SELECTOR, "tbody.item[data-editable]")
    assert rows, f"{unit}: no editable rows"
    typed = {}
    for row in rows:
        typed[row.get_attribute("data-criterion")] = fill_row(row)
    # autosave: every row says "Đã lưu lúc hh:mm"
    def all_saved(d):
        texts = [r.find_element(By.CSS_SELECTOR, "[data-status]").text for r in d.find_elements(By.CSS_SELECTOR, "tbody.item[data-editable]")]
        return all(t.startswith("Đã lưu") for t in texts) or None

    try:
        WebDriverWait(driver, 60).until(all_saved)
    except Exception:
        bad = {
            r.get_attribute("data-criterion"): (r.find_element(By.CSS_SELECTOR, "[data-status]").text, r.find_element(By.CSS_SELECTOR, "[data-error]").text)
            for r in driver.find_elements(By.CSS_SELECTOR, "tbody.item[data-editable]")
            if not r.find_element(By.CSS_SELECTOR, "[data-status]").text.startswith("Đã lưu")
        }
        raise AssertionError(f"{unit}: autosave did not save: {bad}")
    flow.setdefault("typed", {})[unit] = typed
    if check_reload:
        shot(flow, f"unit-{unit}-filled")
        driver.refresh()
        ready(driver)
        for row in driver.find_elements(By.CSS_SELECTOR, "tbody.item[data-editable]"):
            criterion = row.get_attribute("data-criterion")
            kind, value = read_row(row)
            want = typed[criterion]
            if kind == "points":
                assert float(value.replace(",", ".")) == float(want[1].replace(",", ".")), f"{unit} {criterion}: {value} after reload, typed {want}"
            else:
                assert (kind, value) == want, f"{unit} {criterion}: {(kind, value)} after reload, typed {want}"
    # evidence for every leaf that requires it
    uploaded = 0
    for row in driver.find_elements(By.CSS_SELECTOR, "tbody.item"):
        if row.find_elements(By.CSS_SELECTOR, "p.required") and row.find_elements(By.CSS_SELECTOR, "form[data-upload]"):
            criterion = row.get_attribute("data-criterion")
            upload(driver, row, write_pdf(flow, f"minh-chung-{unit}-{criterion}"))
            uploaded += 1
    flow.setdefault("uploaded", {})[unit] = uploaded
    shot(flow, f"unit-{unit}-grid", mobile=check_reload)
    # submit through the confirmation page
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, f"a[href$='/cycles/{code}/units/{unit}/submit']"))
    shot(flow, f"unit-{unit}-submit")
    missing = driver.find_elements(By.CSS_SELECTOR, "section.missing li")
    assert not missing, f"{unit}: still missing {[m.text for m in missing]}"
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form[action$='/submit'] button[type=submit]"))
    assert path_of(driver).endswith(f"/units/{unit}/receipt"), f"{unit}: submitting landed on {path_of(driver)}: {alert_text(driver)}"
    sha = driver.find_element(By.CSS_SELECTOR, "[data-receipt-sha256]").text.strip()
    assert re.fullmatch(r"[0-9a-f]{64}", sha), sha
    shot(flow, f"unit-{unit}-receipt")


def review_articles(driver):
    return [a.get_attribute("id")[len("item-"):] for a in driver.find_elements(By.CSS_SELECTOR, "article.item")]


# MARK: the flow


def test_1_admin_creates_the_cycle(flow):
    code = flow["code"]
    driver = sign_in(flow, "admin")
    driver = go(flow, "/admin/cycles/new")
    shot(flow, "admin-cycle-new")
    driver.find_element(By.ID, "c-code").send_keys(code)
    driver.find_element(By.ID, "c-name").send_keys(f"Thử nghiệm toàn chu kỳ — Sở Tài chính và Sở Tư pháp ({code})")
    year = driver.find_element(By.ID, "c-year")
    year.clear()
    year.send_keys("2026")
    options = [o for o in driver.find_elements(By.CSS_SELECTOR, "#c-framework option") if FRAMEWORK in (o.get_attribute("value") + o.text)]
    assert options, "the framework par-hanoi-department is not offered"
    options[0].click()
    # the form may come with units ticked: leave exactly STC and STP
    for box in driver.find_elements(By.CSS_SELECTOR, "form[action='/admin/cycles'] input[name=units]"):
        if box.is_selected() != (box.get_attribute("value") in UNITS):
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
            box.click()
    ticked = [b.get_attribute("value") for b in driver.find_elements(By.CSS_SELECTOR, "form[action='/admin/cycles'] input[name=units]") if b.is_selected()]
    assert sorted(ticked) == sorted(UNITS), ticked
    from datetime import datetime, timedelta

    start = datetime.now().replace(second=0, microsecond=0)
    for days, field in ((10, "d-self"), (20, "d-appraisal"), (30, "d-explanation"), (40, "d-final")):
        value = (start + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")
        driver.execute_script(
            "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change', {bubbles: true}))",
            driver.find_element(By.ID, field),
            value,
        )
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/admin/cycles'] button[type=submit]"))
    no_alert(driver, "creating the cycle")
    assert path_of(driver) == f"/admin/cycles/{code}", path_of(driver)
    shot(flow, "admin-cycle", mobile=True)

    driver = go(flow, f"/admin/cycles/{code}/reviewers")
    sections = [s for s in driver.find_elements(By.CSS_SELECTOR, "section.reviewer") if f"({REVIEWER})" in s.find_element(By.TAG_NAME, "h2").text]
    assert sections, f"{REVIEWER} is not on the reviewers page"
    section = sections[0]
    for unit in UNITS:
        box = section.find_element(By.CSS_SELECTOR, f"input[name=units][value='{unit}']")
        assert box.is_enabled(), f"{REVIEWER} may not review {unit}"
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
        if not box.is_selected():
            box.click()
    click_and_wait(driver, section.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    no_alert(driver, "assigning the reviewer")
    section = [s for s in driver.find_elements(By.CSS_SELECTOR, "section.reviewer") if f"({REVIEWER})" in s.text][0]
    for unit in UNITS:
        assert section.find_element(By.CSS_SELECTOR, f"input[name=units][value='{unit}']").is_selected()
    shot(flow, "admin-reviewers")
    move_phase(flow, "self_assessment")
    shot(flow, "admin-cycle-self-assessment")


def test_2_stc_fills_in_with_autosave_uploads_and_submits(flow):
    self_assess(flow, "STC", check_reload=True)


def test_3_stp_fills_in_and_submits(flow):
    self_assess(flow, "STP", check_reload=False)


def test_4_admin_moves_to_appraisal(flow):
    sign_in(flow, "admin")
    move_phase(flow, "appraisal")


def test_5_reviewer_appraises_both_units_and_asks(flow):
    code = flow["code"]
    driver = sign_in(flow, REVIEWER)
    driver = go(flow, f"/review/{code}")
    no_alert(driver, "worklist")
    shot(flow, "review-worklist")
    for unit in UNITS:
        assert driver.find_elements(By.CSS_SELECTOR, f"a[href='/review/{code}/units/{unit}']"), f"{unit} not on the worklist"
    adjusted = None
    for unit in UNITS:
        driver = go(flow, f"/review/{code}/units/{unit}")
        no_alert(driver, f"review {unit}")
        codes = review_articles(driver)
        assert codes
        for criterion in codes:
            article = driver.find_element(By.ID, f"item-{criterion}")
            forms = article.find_elements(By.CSS_SELECTOR, "form[data-appraisal]")
            if not forms:
                continue
            form = forms[0]
            if adjusted is None and unit == "STC":
                points = form.find_elements(By.CSS_SELECTOR, "input[name=points]")
                if points and points[0].get_attribute("value") not in ("", "0"):
                    points[0].clear()
                    points[0].send_keys("0")
                    form.find_element(By.CSS_SELECTOR, "textarea[name=note]").send_keys("Hội đồng điều chỉnh: minh chứng chưa đầy đủ.")
                    adjusted = criterion
            save_row(driver, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
            no_alert(driver, f"appraising {unit} {criterion}")
        driver = go(flow, f"/review/{code}/units/{unit}")
        if unit == "STC":
            assert adjusted, "no STC item to adjust"
            shot(flow, "review-STC", mobile=True)
            asked = [c for c in review_articles(driver) if c != adjusted and driver.find_elements(By.CSS_SELECTOR, f"[id='item-{c}'] form.ask")][0]
            form = reveal(driver, driver.find_element(By.CSS_SELECTOR, f"[id='item-{asked}'] form.ask"))
            form.find_element(By.CSS_SELECTOR, "textarea[name=message]").send_keys("Đề nghị đơn vị giải trình và bổ sung văn bản gốc có chữ ký, đóng dấu.")
            save_row(driver, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
            no_alert(driver, "asking")
            assert "Đề nghị đơn vị giải trình" in driver.find_element(By.ID, f"item-{asked}").text
            flow["asked"] = asked
        else:
            shot(flow, "review-STP")
    flow["adjusted"] = adjusted


def test_6_explanation_answer_and_supplement(flow):
    code, asked = flow["code"], flow["asked"]
    sign_in(flow, "admin")
    move_phase(flow, "explanation")
    driver = sign_in(flow, "dv.stc")
    driver = go(flow, f"/cycles/{code}/units/STC")
    row = driver.find_element(By.ID, f"item-{asked}")
    assert "Đề nghị đơn vị giải trình" in row.text
    upload(driver, row, write_pdf(flow, "bo-sung-giai-trinh"))
    row = driver.find_element(By.ID, f"item-{asked}")
    row.find_element(By.ID, f"a-{asked}").send_keys("Đơn vị đã bổ sung quyết định gốc có chữ ký và đóng dấu.")
    click_and_wait(driver, row.find_element(By.CSS_SELECTOR, "form.answer button[type=submit]"))
    no_alert(driver, "answering")
    row = driver.find_element(By.ID, f"item-{asked}")
    assert "Đơn vị đã bổ sung" in row.text and "bo-sung-giai-trinh.pdf" in row.text
    shot(flow, "unit-STC-explanation")


def test_7_final_review_survey_settle(flow):
    code, asked = flow["code"], flow["asked"]
    driver = sign_in(flow, "admin")
    move_phase(flow, "final_review")
    driver = go(flow, f"/admin/cycles/{code}/survey")
    leaves = [
        (tr.find_elements(By.TAG_NAME, "td")[0].text.strip(), tr.find_elements(By.TAG_NAME, "td")[2].text.strip().replace(",", "."))
        for tr in driver.find_elements(By.CSS_SELECTOR, "table tbody tr")
    ]
    flow["survey"] = leaves
    if leaves:
        lines = ["unit,criterion,points"] + [f"{unit},{leaf},{maximum}" for unit in UNITS for leaf, maximum in leaves]
        area = driver.find_element(By.ID, "s-csv")
        area.clear()
        driver.execute_script("arguments[0].value = arguments[1]", area, "\n".join(lines))
        click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form button[type=submit].primary"))
        no_alert(driver, "survey import")
    shot(flow, "admin-survey")

    driver = sign_in(flow, REVIEWER)
    driver = go(flow, f"/review/{code}/units/STC")
    form = driver.find_element(By.CSS_SELECTOR, f"[id='item-{asked}'] form.settle")
    form.find_element(By.CSS_SELECTOR, "input[name=disposition][value=accepted]").find_element(By.XPATH, "./following-sibling::label").click()
    form.find_element(By.CSS_SELECTOR, "textarea[name=note]").send_keys("Chấp nhận giải trình của đơn vị.")
    save_row(driver, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    no_alert(driver, "settling")
    shot(flow, "review-STC-settled")


def test_8_admin_publishes(flow):
    code = flow["code"]
    driver = sign_in(flow, "admin")
    driver = go(flow, f"/admin/cycles/{code}/publish")
    shot(flow, "admin-publish")
    unsettled = driver.find_elements(By.CSS_SELECTOR, "#unsettled-h")
    assert not unsettled, "unsettled before publishing: " + driver.find_element(By.TAG_NAME, "body").text[:1500]
    # publishing asks for the admin's password again (SECURITY.md AC-9)
    driver.find_element(By.CSS_SELECTOR, ".confirm form input[name=password]").send_keys(flow["accounts"]["admin"]["password"])
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, ".confirm form button[type=submit]"))
    no_alert(driver, "publishing")
    assert re.search(r"[0-9a-f]{64}", driver.find_element(By.TAG_NAME, "body").text)
    shot(flow, "admin-published")


def test_9_public_results(flow):
    code = flow["code"]
    driver = flow["driver"]
    go(flow, "/")
    for button in driver.find_elements(By.CSS_SELECTOR, "form[action='/logout'] button[type=submit]"):
        click_and_wait(driver, button)
        break
    driver.delete_all_cookies()
    driver = go(flow, f"/results/{code}")
    assert driver.find_elements(By.CSS_SELECTOR, "section.block svg"), "no SVG chart"
    snapshot = driver.find_element(By.CSS_SELECTOR, "section.verify code.hash").text.strip()
    assert re.fullmatch(r"[0-9a-f]{64}", snapshot), snapshot
    with urllib.request.urlopen(f"{flow['base']}/api/v1/cycles/{code}/results") as response:
        data = json.load(response)
    assert data["snapshotSha256"] == snapshot
    json_index = {r["unit"]: r["index"] for b in data["blocks"] for r in b["ranking"]}
    assert set(json_index) == set(UNITS), json_index
    for unit in UNITS:
        link = driver.find_element(By.CSS_SELECTOR, f"a[href='/results/{code}/units/{unit}']")
        cells = link.find_element(By.XPATH, "./ancestor::tr").find_elements(By.TAG_NAME, "td")
        shown = cells[2].text.strip()
        assert re.fullmatch(r"\d+(,\d+)?", shown), f"{unit} index {shown!r} is not Vietnamese"
        assert abs(float(shown.replace(",", ".")) - float(json_index[unit])) < 0.005, (unit, shown, json_index[unit])
    shot(flow, "results", mobile=True)
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, f"a[href='/results/{code}/units/STC']"))
    assert path_of(driver) == f"/results/{code}/units/STC"
    assert "Sở Tài chính" in driver.find_element(By.TAG_NAME, "body").text
    shot(flow, "scorecard-STC")

"""The admin pages in a real browser: the new-cycle form ticks the units of the blocks the chosen
framework is for (server-side without JavaScript, re-ticked with it), the cycle page shows each
unit's progress, phase moves and publication are irreversible buttons set apart from Huỷ, the publish
page previews the rankings and groups what is unfinished by unit, and the users page filters. Each
page is pictured at 1280 and 375 px, and no admin page scrolls sideways at 375 px.
Ordered tests share one browser and one cycle made here (three departments)."""

import json
import secrets
import tempfile
import time
import unicodedata
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import SIZES, new_driver, save_screenshot, set_size
from test_whole_cycle import click_and_wait, go, no_alert, path_of, ready, sign_in

# A cycle of its own, made here: the tests that read the demo city untouched run first.
pytestmark = pytest.mark.changes_demo

UNITS = ("SNV", "STC", "SKHDT")
DEPARTMENTS = "par-hanoi-department|2026"
DISTRICTS = "par-hanoi-district|2026"


@pytest.fixture(scope="module")
def flow(base_url, accounts, screenshot_dir):
    driver = new_driver(SIZES["desktop"])
    state = {
        "driver": driver,
        "code": f"admin-{secrets.token_hex(3)}",
        "base": base_url,
        "accounts": accounts,
        "dir": screenshot_dir,
        "tmp": Path(tempfile.mkdtemp(prefix="parindex-admin-")),
        "ok": True,
        "widths": {},
    }
    yield state
    driver.quit()
    (screenshot_dir / "admin-pages-widths.json").write_text(json.dumps(state["widths"], indent=1, ensure_ascii=False), encoding="utf-8")


@pytest.fixture(autouse=True)
def needs_previous(request, flow):
    """Ordered steps: a later one only makes sense when every earlier one passed."""
    if not flow["ok"]:
        pytest.fail("an earlier step of the admin pages failed", pytrace=False)
    failed = request.session.testsfailed
    yield
    if request.session.testsfailed != failed:
        flow["ok"] = False


# MARK: helpers


def pictures(flow, name):
    """The page at 1280 px and at 375 px (reloaded at that width), and the widths measured at 375:
    the document must not be wider than the window (tables scroll inside their own box)."""
    driver = flow["driver"]
    save_screenshot(driver, flow["dir"], f"admin-pages-desktop-{name}")
    set_size(driver, SIZES["mobile"])
    driver.refresh()
    ready(driver)
    time.sleep(0.2)
    save_screenshot(driver, flow["dir"], f"admin-pages-mobile-{name}")
    width = driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    flow["widths"][name] = width
    wider = too_wide(driver)
    set_size(driver, SIZES["desktop"])
    driver.refresh()
    ready(driver)
    assert width[0] <= width[1] + 1, f"{name} scrolls sideways at 375 px: {width}, from {wider}"


def too_wide(driver):
    """The outermost elements that reach past the window's right edge: what makes a page scroll sideways."""
    return driver.execute_script(
        """
        const edge = window.innerWidth + 1;
        const out = [];
        for (const el of document.body.querySelectorAll("*")) {
          const right = el.getBoundingClientRect().right;
          const parent = el.parentElement.getBoundingClientRect().right;
          if (right > edge && parent <= edge) out.push(`${el.tagName.toLowerCase()}#${el.id}.${el.className} → ${Math.round(right)}`);
        }
        return out.slice(0, 8);
        """
    )


def fold(text):
    """Diacritics and case folded, đ as d: how the filter compares."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn").lower()


def ticked(driver):
    return {box.get_attribute("value") for box in driver.find_elements(By.CSS_SELECTOR, "input[name=units]") if box.is_selected()}


def units_for(driver, framework):
    """The units of the blocks whose fieldset names this framework code."""
    code = framework.split("|")[0]
    units = set()
    for group in driver.find_elements(By.CSS_SELECTOR, "fieldset[data-frameworks]"):
        if code in group.get_attribute("data-frameworks").split():
            units |= {box.get_attribute("value") for box in group.find_elements(By.CSS_SELECTOR, "input[name=units]")}
    return units


def block_units(driver, block):
    legend = [g for g in driver.find_elements(By.CSS_SELECTOR, "fieldset[data-frameworks]") if f"({block})" in g.find_element(By.TAG_NAME, "legend").text]
    assert legend, f"no fieldset for block {block}"
    return {box.get_attribute("value") for box in legend[0].find_elements(By.CSS_SELECTOR, "input[name=units]")}


def confirm_phase(flow, to):
    """Opens the confirmation for `to` and accepts it with its irreversible button."""
    driver = go(flow, f"/admin/cycles/{flow['code']}")
    button = driver.find_element(By.CSS_SELECTOR, f"form[action$='/phase'] input[name=to][value='{to}']")
    click_and_wait(driver, button.find_element(By.XPATH, "./ancestor::form//button"))
    assert path_of(driver) == f"/admin/cycles/{flow['code']}/phase"
    return driver


def accept(flow):
    driver = flow["driver"]
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, ".confirm form button.irreversible"))
    no_alert(driver, "moving the phase")
    assert path_of(driver) == f"/admin/cycles/{flow['code']}"


def style(driver, element, prop):
    return driver.execute_script("return getComputedStyle(arguments[0]).getPropertyValue(arguments[1])", element, prop)


# MARK: the steps


def test_1_new_cycle_ticks_the_frameworks_blocks(flow):
    driver = sign_in(flow, "admin")

    # Without JavaScript: the server ticks the blocks of the framework the form is opened with.
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        go(flow, "/admin/cycles/new?framework=par-hanoi-department%7C2026")
        departments = block_units(driver, "DEPT")
        assert Select(driver.find_element(By.ID, "c-framework")).first_selected_option.get_attribute("value") == DEPARTMENTS
        assert ticked(driver) == departments and len(departments) > 1, sorted(ticked(driver))
        assert not driver.find_elements(By.CSS_SELECTOR, "button.check-all"), "the script did not run"
    finally:
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})

    # With JavaScript: nothing ticked until a framework is chosen, then its blocks; another re-ticks.
    driver = go(flow, "/admin/cycles/new")
    assert ticked(driver) == set()
    chooser = Select(driver.find_element(By.ID, "c-framework"))
    chooser.select_by_value(DEPARTMENTS)
    assert ticked(driver) == units_for(driver, DEPARTMENTS) == block_units(driver, "DEPT")
    chooser.select_by_value(DISTRICTS)
    districts = block_units(driver, "DISTRICT")
    assert ticked(driver) == units_for(driver, DISTRICTS) == districts and len(districts) > 1, sorted(ticked(driver))
    # The block's "select all" button follows the ticks.
    buttons = {b.text for b in driver.find_elements(By.CSS_SELECTOR, "button.check-all")}
    assert buttons == {"Bỏ chọn tất cả", "Chọn tất cả"}, buttons
    # Pictured as opened from a link with the framework chosen, so a reload keeps the ticks.
    driver = go(flow, "/admin/cycles/new?framework=par-hanoi-district%7C2026")
    assert ticked(driver) == districts
    pictures(flow, "new-cycle-districts")

    # The cycle for the next steps: three departments.
    driver = go(flow, "/admin/cycles/new")
    driver.find_element(By.ID, "c-code").send_keys(flow["code"])
    driver.find_element(By.ID, "c-name").send_keys(f"Kỳ thử trang quản trị ({flow['code']})")
    Select(driver.find_element(By.ID, "c-framework")).select_by_value(DEPARTMENTS)
    for box in driver.find_elements(By.CSS_SELECTOR, "input[name=units]"):
        if box.is_selected() != (box.get_attribute("value") in UNITS):
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
            box.click()
    assert ticked(driver) == set(UNITS)
    start = datetime.now().replace(second=0, microsecond=0)
    for days, field in ((10, "d-self"), (20, "d-appraisal"), (30, "d-explanation"), (40, "d-final")):
        driver.execute_script(
            "arguments[0].value = arguments[1]", driver.find_element(By.ID, field), (start + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")
        )
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/admin/cycles'] button[type=submit]"))
    no_alert(driver, "creating the cycle")
    assert path_of(driver) == f"/admin/cycles/{flow['code']}"


def test_2_irreversible_step_and_unit_progress(flow):
    driver = confirm_phase(flow, "self_assessment")
    move = driver.find_element(By.CSS_SELECTOR, ".confirm button.irreversible")
    cancel = driver.find_element(By.CSS_SELECTOR, ".confirm a.button.cancel")
    assert cancel.text.startswith("Huỷ")
    looks = {
        "move": [style(driver, move, p) for p in ("background-color", "color", "font-weight")],
        "cancel": [style(driver, cancel, p) for p in ("background-color", "color", "font-weight")],
    }
    flow["widths"]["irreversible-vs-cancel"] = looks
    assert looks["move"][0] != looks["cancel"][0] and looks["move"][2] != looks["cancel"][2], looks
    assert "không thể hoàn tác" in driver.find_element(By.CSS_SELECTOR, ".confirm").text
    pictures(flow, "phase-confirmation")
    accept(flow)

    # Sở Tài chính enters five criteria through the API its page uses; the others nothing.
    driver = sign_in(flow, "dv.stc")
    go(flow, "/dashboard")
    entered = driver.execute_async_script(
        """
        const [cycle, done] = [arguments[0], arguments[arguments.length - 1]];
        const token = document.querySelector('meta[name="csrf-token"]').content;
        const headers = {"Content-Type": "application/json", "X-CSRF-Token": token};
        (async () => {
          const tree = await (await fetch("/api/v1/frameworks/par-hanoi-department/2026")).json();
          const leaves = [];
          const walk = (nodes) => { for (const n of nodes) { if (n.children && n.children.length) walk(n.children); else leaves.push(n); } };
          walk(tree.nodes);
          const own = leaves.filter((l) => (l.source || "self") === "self");
          let count = 0;
          for (const leaf of own.slice(0, 5)) {
            const kind = leaf.rule.kind;
            const body = kind === "choice" ? {choice: 0}
              : kind.startsWith("ratio") ? {inputs: {numerator: 1, denominator: 1}} : {points: 0};
            const answer = await fetch(`/api/v1/cycles/${cycle}/units/STC/items/${leaf.code}`, {method: "PUT", headers, body: JSON.stringify(body)});
            if (answer.ok) count += 1;
          }
          done([count, own.length]);
        })().catch((e) => done(String(e)));
        """,
        flow["code"],
    )
    assert isinstance(entered, list) and entered[0] == 5, entered
    flow["self_leaves"] = entered[1]

    driver = sign_in(flow, "admin")
    driver = go(flow, f"/admin/cycles/{flow['code']}")
    bar = driver.find_element(By.ID, "bar-STC")
    assert (bar.get_attribute("value"), bar.get_attribute("max")) == ("5", str(entered[1]))
    assert driver.find_element(By.ID, "bar-STC-text").text == f"Đã tự chấm 5/{entered[1]} tiêu chí"
    for unit in ("SNV", "SKHDT"):
        assert driver.find_element(By.ID, f"bar-{unit}").get_attribute("value") == "0"
    pictures(flow, "cycle-progress")


def test_3_publish_preview_and_unfinished_by_unit(flow):
    for to in ("appraisal", "explanation", "final_review"):
        confirm_phase(flow, to)
        accept(flow)
    driver = go(flow, f"/admin/cycles/{flow['code']}/publish")
    preview = driver.find_element(By.CSS_SELECTOR, "section.preview")
    assert "Xem trước kết quả sẽ công bố" in preview.text
    assert "có thể còn thay đổi" in preview.text, "unsettled criteria: the preview says it is provisional"
    tables = preview.find_elements(By.CSS_SELECTOR, "table.ranking")
    assert len(tables) == 1, "one block: the departments"
    for unit in UNITS:
        cells = [td.text for td in driver.find_element(By.ID, f"rank-{unit}").find_elements(By.TAG_NAME, "td")]
        assert cells[0] == "1" and cells[2] == "0,00", (unit, cells)  # nothing appraised: every index 0, sharing rank 1

    # Unfinished criteria: one line per unit with counts, the list behind it.
    groups = driver.find_elements(By.CSS_SELECTOR, "ul.groups > li")
    assert {g.get_attribute("id") for g in groups} == {f"unsettled-{u}" for u in UNITS}
    for group in groups:
        count = int(group.find_element(By.CSS_SELECTOR, ".group-count").text)
        states = [int(s.text) for s in group.find_elements(By.CSS_SELECTOR, ".state-count")]
        assert sum(states) == count and count > flow["self_leaves"], (group.get_attribute("id"), count, states)
        assert not group.find_element(By.CSS_SELECTOR, "ul.criteria").is_displayed(), "closed until asked"
    summary = driver.find_element(By.CSS_SELECTOR, "#unsettled-STC summary")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", summary)
    summary.click()
    links = driver.find_elements(By.CSS_SELECTOR, "#unsettled-STC ul.criteria a")
    assert links and all(link.is_displayed() for link in links)
    assert links[0].get_attribute("href").split("#")[0].endswith(f"/review/{flow['code']}/units/STC")
    height = driver.execute_script("return document.documentElement.scrollHeight")
    flow["widths"]["publish-page-height-1280"] = height
    assert height < 6000, f"the publish page is {height} px tall"
    assert not driver.find_elements(By.CSS_SELECTOR, ".confirm button.irreversible"), "not ready: no publish button"
    pictures(flow, "publish-preview")


def test_4_users_filter(flow):
    driver = go(flow, "/admin/users")
    form = driver.find_element(By.ID, "new-user-h").location["y"]
    table = driver.find_element(By.ID, "user-table").location["y"]
    assert form < table, "the create form comes before the list"
    rows = driver.find_elements(By.CSS_SELECTOR, "#user-table tbody tr")
    total = len(rows)

    # As it is typed: the rows narrow at once, diacritics folded.
    field = driver.find_element(By.ID, "f-q")
    field.send_keys("tai chinh")
    visible = [r for r in rows if r.is_displayed()]
    assert 0 < len(visible) < total, (len(visible), total)
    assert all("tai chinh" in fold(r.text) for r in visible)

    # Sent (a GET form, also without JavaScript): words and role, kept in the form.
    Select(driver.find_element(By.ID, "f-role")).select_by_value("unit")
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form.filter-form button[type=submit]"))
    assert path_of(driver) == "/admin/users"
    shown = [r.find_element(By.TAG_NAME, "td").text for r in driver.find_elements(By.CSS_SELECTOR, "#user-table tbody tr")]
    assert shown == ["dv.stc"], shown
    assert driver.find_element(By.ID, "users-shown").text == f"Hiển thị 1/{total} tài khoản."
    assert driver.find_element(By.ID, "f-q").get_attribute("value") == "tai chinh"
    pictures(flow, "users-filtered")


def test_5_no_admin_page_scrolls_sideways_at_375(flow):
    driver = flow["driver"]
    code = flow["code"]
    set_size(driver, SIZES["mobile"])
    try:
        wide = {}
        for path in (
            "/admin",
            "/admin/cycles/new",
            f"/admin/cycles/{code}",
            f"/admin/cycles/{code}/publish",
            f"/admin/cycles/{code}/reviewers",
            f"/admin/cycles/{code}/survey",
            "/admin/cycles/2026-so",
            "/admin/cycles/2026-so/publish",
            "/admin/units",
            "/admin/users",
            "/admin/frameworks",
        ):
            go(flow, path)
            width = driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
            flow["widths"][f"375 {path}"] = width
            if width[0] > width[1] + 1:
                wide[path] = (width, too_wide(driver))
                save_screenshot(driver, flow["dir"], f"admin-pages-mobile-TOO-WIDE-{path.strip('/').replace('/', '-')}")
        assert not wide, f"scrolls sideways at 375 px: {wide}"
    finally:
        set_size(driver, SIZES["desktop"])
    # The demo's departments cycle in appraisal: every unit's unfinished criteria, grouped.
    go(flow, "/admin/cycles/2026-so/publish")
    groups = driver.find_elements(By.CSS_SELECTOR, "ul.groups > li")
    counted = sum(int(g.find_element(By.CSS_SELECTOR, ".group-count").text) for g in groups)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    flow["widths"]["2026-so publish at 1280"] = {"units": len(groups), "criteria": counted, "height": height}
    assert groups and height < 12000, (len(groups), counted, height)

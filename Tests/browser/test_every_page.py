"""Every page each role can reach, crawled from its start page in Chromium at phone width: axe-core
(bundled in axe-selenium-python, nothing downloaded) reports no WCAG 2 A/AA violation, and no page
scrolls sideways at 375 px.

The crawl follows same-origin links (GET only; forms are never submitted, so nothing changes),
skips downloads, the API and signing out, and stops after a bounded number of pages per role.
"""
import json
from urllib.parse import urldefrag, urljoin, urlparse

import pytest
from axe_selenium_python import Axe
from selenium.webdriver.common.by import By

MOBILE = pytest.mark.parametrize("browser", ["mobile"], indirect=True)
PAGES_PER_ROLE = 45
SKIPPED = ("/api/", "/logout", ".csv", ".xlsx", ".json", ".pdf", "/evidence/", "lang=")
ROLES = [None, "dv.caugiay", "thamdinh1.1", "quansat", "admin"]


def reachable(driver, base_url):
    """Same-origin page links on the current page, without fragments, in page order."""
    links = []
    for anchor in driver.find_elements(By.CSS_SELECTOR, "a[href]"):
        href = urldefrag(urljoin(driver.current_url, anchor.get_attribute("href")))[0]
        if urlparse(href).netloc != urlparse(base_url).netloc or any(s in href for s in SKIPPED):
            continue
        if anchor.get_dom_attribute("download") is not None:
            continue
        links.append(href)
    return links


def problems_on(driver, axe):
    axe.inject()
    # axe.run's promise, answered even when it rejects (the library's own run() would wait forever).
    result = driver.execute_async_script(
        """const done = arguments[arguments.length - 1];
           axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}})
              .then(r => done({violations: r.violations}), e => done({error: String(e)}));"""
    )
    assert "error" not in result, f"axe failed on {driver.current_url}: {result.get('error')}"
    found = [
        f"{v['id']} ({v['impact']}): {v['help']} — " + ", ".join(" ".join(n["target"]) for n in v["nodes"][:5])
        for v in result["violations"]
    ]
    wide = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    if wide > 0:
        culprits = driver.execute_script(
            """return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                 .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : ''))"""
        )
        found.append(f"scrolls sideways by {wide} px at 375 px wide: {culprits}")
    return found


@MOBILE
@pytest.mark.parametrize("role", ROLES, ids=lambda r: r or "anonymous")
def test_every_page_is_accessible_and_fits_a_phone(browser, base_url, login, open_page, role, shot):
    if role:
        login(role)
        start = base_url + "/dashboard"
    else:
        start = base_url + "/"
    axe = Axe(browser)
    # axe takes seconds a page on a busy 2-core machine.
    browser.set_script_timeout(120)
    queue, seen, report = [start] + ([base_url + "/login", base_url + "/password-reset"] if role is None else []), set(), {}
    while queue and len(seen) < PAGES_PER_ROLE:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        browser.get(url)
        if urlparse(browser.current_url).path == "/login" and role:
            report[url] = ["the session ended while crawling (sent to /login)"]
            break
        found = problems_on(browser, axe)
        if found:
            report[url] = found
            shot("problem-" + str(len(report)))
        queue.extend(link for link in reachable(browser, base_url) if link not in seen)
    print(f"{role or 'anonymous'}: {len(seen)} pages checked")
    assert len(seen) >= (3 if role is None else 5), f"only {len(seen)} pages reached: {sorted(seen)}"
    assert not report, "pages with problems:\n" + json.dumps(report, ensure_ascii=False, indent=1)

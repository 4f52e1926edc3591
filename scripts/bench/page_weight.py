#!/usr/bin/env python3
"""The weight of a page as a person's browser meets it: bytes on the wire for the page and every
resource it loads (cold cache), and Chromium's DOMContentLoaded with the CPU slowed 4× through
DevTools (Emulation.setCPUThrottlingRate), as on a modest office laptop.

Signs in through the login form as the person would, then loads the page five times and reports
the median. Uses Debian's chromium and chromedriver through Selenium; nothing is downloaded.

    python3 scripts/bench/page_weight.py --url http://127.0.0.1:8080 --user dv.snv --password … --path /cycles/…/units/SNV
"""
import argparse
import json
import statistics

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
LOADS = 5


def driver():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900"):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def sign_in(browser, base, user, password):
    browser.get(base + "/login")
    browser.find_element(By.ID, "username").send_keys(user)
    browser.find_element(By.ID, "password").send_keys(password)
    before = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(By.CSS_SELECTOR, "form[action='/login'] button[type=submit]").click()
    WebDriverWait(browser, 30).until(EC.staleness_of(before))


def load(browser, url):
    """One cold load: (bytes on the wire, DOMContentLoaded ms, requests)."""
    browser.execute_cdp_cmd("Network.clearBrowserCache", {})
    browser.get("about:blank")
    browser.get(url)
    WebDriverWait(browser, 60).until(lambda d: d.execute_script("return document.readyState") == "complete")
    timing = browser.execute_script(
        """
        const nav = performance.getEntriesByType('navigation')[0];
        const resources = performance.getEntriesByType('resource');
        return {
          dcl: nav.domContentLoadedEventEnd - nav.startTime,
          bytes: nav.transferSize + resources.reduce((sum, r) => sum + r.transferSize, 0),
          requests: 1 + resources.length,
          status: nav.responseStatus || 200,
        };
        """
    )
    return timing


def measure(base, user, password, path, cpu_slowdown=4):
    browser = driver()
    try:
        sign_in(browser, base, user, password)
        browser.execute_cdp_cmd("Network.enable", {})
        browser.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
        browser.execute_cdp_cmd("Emulation.setCPUThrottlingRate", {"rate": cpu_slowdown})
        loads = [load(browser, base + path) for _ in range(LOADS)]
    finally:
        browser.quit()
    return {
        "bytes": int(statistics.median(l["bytes"] for l in loads)),
        "domContentLoadedMs": statistics.median(l["dcl"] for l in loads),
        "requests": loads[0]["requests"],
        "status": loads[0]["status"],
        "cpuSlowdown": cpu_slowdown,
        "loads": LOADS,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--path", required=True)
    args = parser.parse_args()
    print(json.dumps(measure(args.url, args.user, args.password, args.path)))


if __name__ == "__main__":
    main()

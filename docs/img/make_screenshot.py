"""Regenerate docs/img/report.png: the demo report in headless Chromium, one value hovered.

    python docs/img/make_screenshot.py [--full /tmp/full.png]

Needs Chromium, chromedriver and selenium (``pip install .[test]``); no network.
"""

from __future__ import annotations

import argparse
import base64
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars", "--force-device-scale-factor=1")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-o", "--output", default=str(HERE / "report.png"))
    parser.add_argument("--full", default=None, help="also save a full-page screenshot here")
    parser.add_argument("--width", type=int, default=1440)
    parser.add_argument("--height", type=int, default=1560)
    args = parser.parse_args()

    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    work = Path(tempfile.mkdtemp(prefix="litreview-shot-"))
    try:
        subprocess.run([sys.executable, "-m", "litreview", "review", "--demo", "-o", str(work / "out")],
                       check=True, stdout=subprocess.DEVNULL)
        options = Options()
        options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
        for flag in FLAGS:
            options.add_argument(flag)
        options.add_argument(f"--user-data-dir={work / 'profile'}")
        options.add_argument(f"--window-size={args.width},{args.height}")
        driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"),
                                  options=options)
        try:
            driver.get((work / "out" / "report.html").as_uri())
            driver.set_window_size(args.width, args.height)
            # show the evidence tooltip of one literature value
            cells = driver.find_elements(By.CSS_SELECTOR, 'tr[data-study-id="90000001"] td.ev')
            target = [c for c in cells if c.text.startswith("89.6")][0]
            ActionChains(driver).move_to_element(target).perform()
            driver.save_screenshot(args.output)
            if args.full:
                width = driver.execute_script("return document.documentElement.scrollWidth")
                height = driver.execute_script("return document.documentElement.scrollHeight")
                shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
                    "format": "png", "captureBeyondViewport": True,
                    "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
                Path(args.full).write_bytes(base64.b64decode(shot["data"]))
        finally:
            driver.quit()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Drive a real headless Chromium (selenium + the system chromedriver) for report tests.

Nothing is downloaded: selenium gets the driver and browser paths, so its
selenium-manager never runs, and Chromium runs with networking features off.
Tests skip with a clear reason on a machine without Chromium or selenium.
"""

from __future__ import annotations

import base64
import os
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import pytest

CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
)


def _find(*names: str) -> str | None:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
        if os.path.isfile(name) and os.access(name, os.X_OK):
            return name
    return None


def browser_paths() -> tuple[str, str]:
    """(chromium, chromedriver), or skip the test saying what is missing."""
    browser = _find("chromium", "chromium-browser", "google-chrome", "/usr/bin/chromium")
    driver = _find("chromedriver", "/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver")
    if browser is None or driver is None:
        pytest.skip("Chromium and chromedriver are not installed "
                    "(Debian: apt-get install chromium chromium-driver)")
    return browser, driver


@contextmanager
def chromium(profile_dir: Path, width: int = 1400, height: int = 1000) -> Iterator[Any]:
    """A selenium WebDriver on headless Chromium with a fresh profile in ``profile_dir``."""
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install .[test])")
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    browser, driver_path = browser_paths()
    options = Options()
    options.binary_location = browser
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile_dir}")
    options.add_argument(f"--window-size={width},{height}")
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def full_page_png(driver: Any, path: Path, max_height: int = 6000) -> bytes:
    """Screenshot of the whole page (beyond the viewport) saved to ``path``."""
    width = driver.execute_script("return document.documentElement.scrollWidth")
    height = min(max_height, driver.execute_script("return document.documentElement.scrollHeight"))
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1},
    })
    data = base64.b64decode(shot["data"])
    path.write_bytes(data)
    return data


def png_stats(data: bytes) -> tuple[int, int, float]:
    """(width, height, pixel standard deviation) of PNG bytes; a blank image has std ~0."""
    import io

    from PIL import Image, ImageStat

    image = Image.open(io.BytesIO(data)).convert("L")
    return image.width, image.height, float(ImageStat.Stat(image).stddev[0])


IMAGES_JS = """
return Array.from(document.images).map(function (img) {
  return {alt: img.alt, complete: img.complete, width: img.naturalWidth, height: img.naturalHeight};
});
"""

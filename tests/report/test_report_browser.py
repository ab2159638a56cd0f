"""The fixture report opened in a real headless Chromium."""

from __future__ import annotations

from pathlib import Path

from report_browser import IMAGES_JS, chromium, full_page_png, png_stats

from litreview.compare.model import Comparison
from litreview.report import ReportContext, write_report


def test_fixture_report_renders_in_chromium(comparison: Comparison, tmp_path: Path) -> None:
    files = write_report(comparison, tmp_path / "out", context=ReportContext(title="Fixture report", demo=True))
    with chromium(tmp_path / "profile") as driver:
        driver.get(files["html"].resolve().as_uri())
        assert driver.title == "Fixture report"
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.by import By

        banner = driver.find_element(By.ID, "demo-banner")
        assert banner.is_displayed() and "DEMO DATA" in banner.text
        rows = driver.find_elements(By.CSS_SELECTOR, "#comparison-table tbody tr")
        assert len(rows) == 4
        local = driver.find_element(By.CSS_SELECTOR, "#comparison-table tr.local")
        assert "Huashan 2016-2019" in local.text
        assert local.find_element(By.CSS_SELECTOR, "td").value_of_css_property("background-color") \
            == "rgba(255, 243, 224, 1)"
        pooled = driver.find_elements(By.CSS_SELECTOR, "#comparison-table tfoot tr.pooled")
        assert len(pooled) == 3 and "87.9 [80.1-92.9]" in pooled[0].text

        images = driver.execute_script(IMAGES_JS)
        assert len(images) == 3  # two forest plots and the PRISMA diagram
        assert all(img["complete"] and img["width"] > 0 and img["height"] > 0 for img in images)

        # hovering a value shows its evidence sentence
        cell = driver.find_element(By.CSS_SELECTOR, 'tr[data-study-id="90000102"] td.ev .val')
        tip = cell.find_element(By.XPATH, "..").find_element(By.CSS_SELECTOR, ".tip")
        assert not tip.is_displayed()
        target = driver.find_elements(By.CSS_SELECTOR, 'tr[data-study-id="90000102"] td.ev')
        r0 = [td for td in target if "86.5" in td.text][0]
        ActionChains(driver).move_to_element(r0).perform()
        r0_tip = r0.find_element(By.CSS_SELECTOR, ".tip")
        assert r0_tip.is_displayed()
        assert "Surgical margins were negative in 83 patients (86.5%)." in r0_tip.text

        data = full_page_png(driver, tmp_path / "report.png")
    width, height, std = png_stats(data)
    assert width >= 1000 and height > 1500 and std > 20

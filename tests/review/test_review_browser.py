"""The demo report opened in a real headless Chromium: table, figures, hover evidence, screenshot."""

from __future__ import annotations

from pathlib import Path

from report_browser import IMAGES_JS, chromium, full_page_png, png_stats


def test_demo_report_in_chromium(demo_run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert demo_run.returncode == 0, demo_run.stderr
    with chromium(tmp_path / "profile") as driver:
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.by import By

        driver.get((demo_run.out / "report.html").resolve().as_uri())
        assert driver.find_element(By.ID, "demo-banner").is_displayed()
        header = driver.find_element(By.TAG_NAME, "header").text
        assert "bclm_demo" in header and "INVENTED" in header

        rows = driver.find_elements(By.CSS_SELECTOR, "#comparison-table tbody tr")
        assert len(rows) >= 11
        local = driver.find_element(By.CSS_SELECTOR, '#comparison-table tr.local')
        assert local.get_attribute("data-study-id") == "local:huashan_2016_2019"
        cells = [td.text for td in local.find_elements(By.TAG_NAME, "td")]
        assert cells[4] == "3" and "100" in cells[9]
        pooled = driver.find_element(By.CSS_SELECTOR, '#comparison-table tfoot tr[data-field="r0_rate_pct"]')
        assert "Pooled R0 resection rate" in pooled.text

        images = driver.execute_script(IMAGES_JS)
        assert len(images) >= 2  # forest plot(s) and the PRISMA diagram
        assert all(img["complete"] and img["width"] > 0 for img in images), images

        # hover a literature R0 value: its evidence sentence appears
        lin_r0 = [td for td in driver.find_elements(By.CSS_SELECTOR, 'tr[data-study-id="90000001"] td.ev')
                  if td.text.startswith("89.6")][0]
        ActionChains(driver).move_to_element(lin_r0).perform()
        tip = lin_r0.find_element(By.CSS_SELECTOR, ".tip")
        assert tip.is_displayed() and "R0 resection was achieved in 43 patients (89.6%)." in tip.text

        data = full_page_png(driver, tmp_path / "demo_report.png")
    width, height, std = png_stats(data)
    assert width >= 1200 and height > 2000 and std > 20

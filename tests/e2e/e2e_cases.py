"""The browser tests, in the order a student meets the page (docs/tutorial.md)."""
import os
import subprocess
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

RATE = "parameters.transfer.rate"
START = "parameters.innovation.start_rate"
WAGE = "parameters.production.wage"


def load_page(page):
    page.open()
    options = [o.text for o in page.browser.find_elements(By.CSS_SELECTOR, "#scenario option")]
    assert "tutorial.toml" in options, options
    assert len(page.browser.find_elements(By.CSS_SELECTOR, ".lever")) >= 10
    assert page.lever(RATE).get_attribute("title").startswith("Share of a partner")
    labels, values = page.chart("firms_alive")
    assert labels == ["2019-12"] and len(values) == 1, (labels, values)  # the initial state


def slider_runs_and_changes_the_charts(page):
    """Moving a slider by keys runs once the keys have settled (auto-run: tutorial)."""
    page.open()
    slider = page.lever(RATE).find_element(By.CSS_SELECTOR, "input[type=range]")
    before = page.configured()
    slider.click()  # the middle of the slider: 0.1
    slider.send_keys(Keys.RIGHT * 5)
    page.settle(before)
    page.wait(lambda: "changed" in page.lever(RATE).get_attribute("class"), "lever marked changed")
    value = page.lever(RATE).find_element(By.CSS_SELECTOR, "input[type=text]").get_attribute("value")
    assert float(value) > 0.05, value  # moved away from the scenario's 0.05
    page.wait_status("done")
    labels, values = page.chart("knowledge_mean")
    assert len(labels) == 61 and labels[-1] == "2024-12", labels[-3:]
    assert values[-1] != values[0], "the chart did not change over the run"
    assert page.month() == 60
    assert not page.errors(), page.errors()
    page.wait(lambda: page.element("#network").get_attribute("data-outside") == "0",
              "the network drawn in frame")
    firms = int(page.browser.execute_script("return document.body.dataset.networkFirms"))
    assert firms > 40, firms  # every firm alive is in the layout


def step_one_month_at_a_time(page):
    page.open()
    page.click("step-button")
    page.wait(lambda: page.month() == 1, "month 1")
    page.click("step-button")
    page.wait(lambda: page.month() == 2, "month 2")
    labels, values = page.chart("firms_alive")
    assert labels == ["2019-12", "2020-01", "2020-02"], labels
    page.click("reset-button")
    page.wait(lambda: page.month() == 0, "back to month 0")


def compare_with_the_baseline(page):
    page.open()
    page.set_field("replications", "6")
    page.wait_status("done")
    # The policy: close the competence center (the tutorial's first center).
    page.element("#variant-extra").send_keys("centers.0.active=false")
    page.click("compare-button")
    page.wait(lambda: page.browser.find_elements(By.CSS_SELECTOR, "#compare-table tr"),
              "the comparison table")
    text = page.element("#compare-result").text
    assert "paired by replication" in text, text
    assert "variant: centers.0.active=false" in text, text
    rows = page.browser.find_elements(By.CSS_SELECTOR, "#compare-table tr")
    assert len(rows) == 1 + 4, len(rows)  # header and the four charted metrics
    clear = [r.text.split()[0] for r in page.browser.find_elements(By.CSS_SELECTOR, "tr.clear")]
    assert "innovations_total" in clear, clear  # fewer innovations without the center


def download_and_rerun(page):
    page.open()
    page.click("run-button")
    page.wait_status("done")
    before = set(__import__("os").listdir(page.downloads))
    page.click("download")
    path = page.wait_download(".h5", before)
    rerun = subprocess.run([page.binary, "rerun", path], capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert "identical" in rerun.stdout, rerun.stdout


def bad_value_shows_the_cli_message(page):
    page.open()
    page.set_lever_text(RATE, "2")
    expected = ("--set parameters.transfer.rate=2: parameters.transfer.rate: out of range "
                "(expected 0 to 1 in 1/month, got integer 2)")
    assert page.errors() == expected, page.errors()
    page.shot("09-error.png")
    page.set_lever_text(RATE, "0.05")
    assert not page.errors(), page.errors()


def final_mean(page, metric="firms_alive"):
    return page.chart(metric)[1][-1]


def two_tabs_run_at_once(page):
    browser = page.browser
    page.open()
    page.manual()
    first = browser.current_window_handle
    browser.switch_to.new_window("tab")
    second = browser.current_window_handle
    page.open()
    page.manual()
    for handle, seed in ((first, "1"), (second, "2")):
        browser.switch_to.window(handle)
        page.set_field("seed", seed)
        assert page.element("#seed").get_attribute("value") == seed
    for handle in (first, second):  # start both before either finishes
        browser.switch_to.window(handle)
        page.click("run-button")
    results = {}
    for handle in (first, second):
        browser.switch_to.window(handle)
        page.wait_status("done")
        results[handle] = final_mean(page, "innovations_total")
    assert results[first] != results[second], results
    browser.switch_to.window(first)  # alone, seed 1 gives what it gave beside seed 2
    page.click("reset-button")
    page.wait_status("ready")
    page.click("run-button")
    page.wait_status("done")
    assert final_mean(page, "innovations_total") == results[first]
    browser.switch_to.window(second)
    browser.close()
    browser.switch_to.window(first)


def grid_downloads_tidy_csv(page):
    page.open()
    page.manual()
    page.set_field("replications", "2")
    page.wait_status("ready")
    page.element(f'#grid-key1 option[value="{RATE}"]').click()
    page.element("#grid-values1").send_keys("0, 0.1")
    page.click("grid-button")
    page.wait(lambda: "disabled" not in page.element("#grid-download").get_attribute("class"),
              "the grid to finish")
    before = set(__import__("os").listdir(page.downloads))
    page.click("grid-download")
    with open(page.wait_download(".csv", before)) as csv:
        lines = csv.read().splitlines()
    assert lines[0] == f"point,{RATE},replication,month,metric,value", lines[0]
    assert len(lines) == 1 + 2 * 2 * 61 * 4, len(lines)  # points x reps x columns x metrics
    page.shot("10-grid.png", "#experiments")


def grid_plot_has_a_band_per_line(page):
    """A 3 x 2 grid: one line per value of the second lever, three points each at the
    first lever's values, each point inside its 95% band (numbers from the server)."""
    page.open()
    page.manual()
    page.set_field("replications", "2")
    page.wait_status("ready")
    page.element(f'#grid-key1 option[value="{RATE}"]').click()
    page.element("#grid-values1").send_keys("0, 0.05, 0.1")
    page.element(f'#grid-key2 option[value="{START}"]').click()
    page.element("#grid-values2").send_keys("0.1, 0.3")
    page.click("grid-button")
    page.wait(lambda: page.element("#grid-chart-box").get_attribute("data-points") == "6",
              "the grid plot")
    assert page.element("#grid-result").is_displayed()
    lines = page.browser.execute_script("""
        const chart = Chart.getChart('grid-chart');
        const of = (role) => chart.data.datasets.filter((d) => d.role === role);
        return of('mean').map((d, i) => ({label: d.label, x: d.data.map((p) => p.x),
          mean: d.data.map((p) => p.y), low: of('low')[i].data.map((p) => p.y),
          high: of('high')[i].data.map((p) => p.y)}));""")
    assert [line["label"] for line in lines] == [
        "Chance a firm starts an innovation project = 0.1",
        "Chance a firm starts an innovation project = 0.3"], lines
    for line in lines:
        assert line["x"] == [0, 0.05, 0.1], line
        assert all(lo <= m <= hi for lo, m, hi in zip(line["low"], line["mean"], line["high"])), line
    options = [o.text for o in page.browser.find_elements(By.CSS_SELECTOR, "#grid-metric option")]
    assert options == ["firms_alive", "innovations_total", "knowledge_mean", "links"], options
    assert not "disabled" in page.element("#grid-download").get_attribute("class")
    page.shot("11-grid-plot.png", "#grid-result")


def morris_screening_ranks_the_levers(page):
    """Two levers screened on firms_alive: two bars of mu* (largest first) and sigma, the
    noise share in words; then a range with low >= high gets the server's message."""
    page.open()
    page.manual()
    page.set_field("replications", "2")
    page.wait_status("ready")
    for key in (RATE, WAGE):
        page.element(f'.screen-lever[data-key="{key}"] input[type=checkbox]').click()
    page.element('#sensitivity-metric option[value="firms_alive"]').click()
    page.retype(page.element("#sensitivity-trajectories"), "2")
    page.click("sensitivity-button")
    page.wait(lambda: page.element("#sensitivity-chart-box").get_attribute("data-bars") == "2",
              "the screening's chart")
    bars = page.browser.execute_script("""
        const chart = Chart.getChart('sensitivity-chart');
        return {labels: chart.data.labels, roles: chart.data.datasets.map((d) => d.role),
                mu: chart.data.datasets[0].data, sigma: chart.data.datasets[1].data,
                axis: chart.options.indexAxis};""")
    assert bars["axis"] == "y" and bars["roles"] == ["mu_star", "sigma"], bars
    assert sorted(bars["labels"]) == ["Knowledge transfer between partners",
                                      "Wage per employee"], bars
    assert len(bars["mu"]) == len(bars["sigma"]) == 2, bars
    assert bars["mu"][0] >= bars["mu"][1], bars  # ranked, most important first
    assert bars["labels"][0] == "Wage per employee", bars  # wages decide which firms survive
    noise = page.element("#sensitivity-noise").text
    assert noise.startswith("Noise share ") and "model's own randomness" in noise, noise
    assert not page.errors(), page.errors()
    page.shot("12-screening.png", "#sensitivity-result")
    row = f'.screen-lever[data-key="{RATE}"]'
    page.retype(page.element(row + " .low"), "0.2")
    page.retype(page.element(row + " .high"), "0.1")
    page.click("sensitivity-button")
    page.wait(lambda: "expected low < high" in page.errors(), "the refusal")
    time.sleep(1)  # the message stays: it is the page's error list, not a flash
    assert "sensitivity: parameters.transfer.rate: low 0.2 >= high 0.1" in page.errors()
    assert page.status() == "ready"


MARKUP = "<img src=x onerror=document.body.dataset.injected=1>"


def typed_text_is_shown_as_text(page):
    """What a user types (here a scenario name, echoed as the variant) is text, never
    markup: no element is made of it and no handler in it runs."""
    page.open()
    page.manual()
    page.set_field("replications", "2")
    page.wait_status("ready")
    page.element("#variant-extra").send_keys("name=" + MARKUP)
    page.click("compare-button")
    page.wait(lambda: page.browser.find_elements(By.CSS_SELECTOR, "#compare-table tr"),
              "the comparison table")
    assert MARKUP in page.element("#compare-result").text, page.element("#compare-result").text
    assert not page.browser.find_elements(By.CSS_SELECTOR, "#compare-result img")
    time.sleep(0.5)  # an image error handler would have run by now
    assert page.browser.execute_script("return document.body.dataset.injected") is None


def chart_is_empty(page, metric="firms_alive"):
    labels, values = page.chart(metric)
    return labels == [] and values == []


def download_disabled(page):
    return "disabled" in page.element("#download").get_attribute("class")


def controls_and_results_agree(page):
    """After a rejected value the charts and the download show no earlier run, and the
    error stays until the value is corrected, whatever is clicked meanwhile."""
    page.open()
    page.manual()
    page.click("run-button")
    page.wait_status("done")
    assert not download_disabled(page)
    page.set_lever_text(RATE, "2")
    message = "parameters.transfer.rate: out of range"
    assert message in page.errors(), page.errors()
    page.wait_status("invalid")
    assert chart_is_empty(page) and download_disabled(page)
    page.click("run-button")  # refused; the first error stays in view
    page.wait(lambda: "correct them first" in page.errors(), "the refusal")
    assert message in page.errors(), page.errors()
    assert chart_is_empty(page) and download_disabled(page)
    page.set_lever_text(RATE, "0.05")
    page.wait_status("ready")
    assert not page.errors(), page.errors()
    # A broken upload, then a lever moved: still the upload's error, still no run.
    broken = os.path.join(page.downloads, "broken.toml")
    with open(broken, "w") as out:
        out.write("name = \"broken\"\nreplications = \"many\"\n")
    before = page.configured()
    page.element("#upload").send_keys(broken)
    page.wait(lambda: page.configured() > before, "the upload to be answered")
    assert "broken.toml:2:" in page.errors(), page.errors()
    page.set_lever_text(RATE, "0.1")
    assert "broken.toml:2:" in page.errors(), page.errors()
    assert page.status() == "invalid" and chart_is_empty(page) and download_disabled(page)


def overridden_lever_says_so(page):
    page.open()
    before = page.configured()
    page.element('#scenario option[value="sanctions_2022.toml"]').click()
    page.wait(lambda: page.configured() > before, "sanctions_2022 to load")
    note = page.lever("parameters.credit.key_rate").find_element(By.CSS_SELECTOR,
                                                                 ".schedule-note").text
    assert "key-rate path" in note and "the lever sets only the months before" in note, note


CASES = [(case.__name__, case) for case in (
    load_page, slider_runs_and_changes_the_charts, step_one_month_at_a_time,
    compare_with_the_baseline, download_and_rerun, bad_value_shows_the_cli_message,
    two_tabs_run_at_once, grid_downloads_tidy_csv, grid_plot_has_a_band_per_line,
    morris_screening_ranks_the_levers, typed_text_is_shown_as_text,
    controls_and_results_agree, overridden_lever_says_so)]

"""Browser tests of the students' page (issue 26), each run at 1280 x 800 and 1400 x 900:
it fits the screen and explains its levers and metrics, a lever change runs and leaves
the run before as a faint line, compare draws the chosen metric's difference, events
sit on the time axis, and a link or a downloaded TOML reproduces the run."""
import csv
import os
import subprocess

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

RATE = "parameters.transfer.rate"


def at_1280(page):
    return page.size == (1280, 800)


def overflow(page):
    """Elements whose right edge passes the viewport, and the page's own overflow."""
    return page.browser.execute_script("""
        const width = document.documentElement.clientWidth;
        const out = [];
        if (document.documentElement.scrollWidth > width) out.push('page ' +
            document.documentElement.scrollWidth + ' > ' + width);
        document.querySelectorAll('#experiments .panel, #experiments button, #experiments select,'
            + ' #experiments input, #charts .chart, .lever input, #network').forEach((e) => {
          const r = e.getBoundingClientRect();
          if (r.width > 0 && r.right > width + 0.5) out.push((e.id || e.className) + ' ' + r.right);
        });
        return out;""")


def page_fits_the_screen(page):
    """Nothing is cut off at the case's size, nor at 1024 x 768."""
    page.open()
    assert overflow(page) == [], overflow(page)
    panels = page.browser.find_elements(By.CSS_SELECTOR, "#experiments .panel")
    assert len(panels) == 3 and all(p.is_displayed() for p in panels)
    if at_1280(page):
        page.shot("01-start.png")
    page.viewport(1024, 768)
    page.wait(lambda: overflow(page) == [], f"the page to fit 1024 px ({overflow(page)})", 10)


def levers_explain_themselves(page):
    """Plain names, units in words, the meaning in view (not only on hover), the shipped
    value and its source; the training center's funding says what it does."""
    page.open()
    rate = page.lever(RATE)
    assert rate.find_element(By.CSS_SELECTOR, ".name").text == "Knowledge transfer between partners"
    assert rate.find_element(By.CSS_SELECTOR, ".unit").text == "per month"
    meaning = rate.find_element(By.CSS_SELECTOR, ".meaning")
    assert meaning.is_displayed() and meaning.text.startswith("Share of a partner's knowledge lead")
    provenance = rate.find_element(By.CSS_SELECTOR, ".provenance").text
    assert rate.find_element(By.CSS_SELECTOR, ".shipped").text == "0.05", provenance
    assert "set by the scenario tutorial" in provenance, provenance
    assert "evidence: Nooteboom 2007" in provenance and RATE in provenance, provenance
    units = [e.text for e in page.browser.find_elements(By.CSS_SELECTOR, ".lever .unit")]
    assert "1" not in units and "(1)" not in units, units  # a ratio is said in words
    training = page.lever("centers.1.funding")
    assert training.find_element(By.CSS_SELECTOR, ".name").text == "Funding of tutorial_training"
    text = training.find_element(By.CSS_SELECTOR, ".meaning").text
    assert "advanced-training center" in text and "does not change what the center does" in text
    if at_1280(page):
        page.shot("02-levers.png", "#setup")


def metrics_are_grouped_and_searchable(page):
    page.open()
    page.element("#metric-picker summary").click()
    groups = [e.text for e in page.browser.find_elements(By.CSS_SELECTOR, "#metric-list legend")]
    assert len(groups) >= 6 and groups[0].startswith("Firms and jobs"), groups
    alive = page.element('#metric-list label[data-metric="firms_alive"]')
    assert alive.text.startswith("Firms alive at the end of the month"), alive.text
    page.element("#metric-search").send_keys("trust")
    shown = [e.get_attribute("data-metric") for e in
             page.browser.find_elements(By.CSS_SELECTOR, "#metric-list label.metric")
             if e.is_displayed()]
    assert "mean_trust" in shown and "firms_alive" not in shown, shown
    assert all("trust" in (name + page.element(f'label[data-metric="{name}"]').get_attribute(
        "title")).lower() for name in shown), shown
    page.element('#metric-list label[data-metric="mean_trust"] input').click()
    page.wait(lambda: page.chart("mean_trust") is not None, "the mean_trust chart")
    title = page.browser.execute_script(
        "return Chart.getChart('chart-mean_trust').options.plugins.title.text")
    assert title == "Mean trust over link ends", title  # charts are named by description
    if at_1280(page):
        page.shot("03-metrics.png", "#metric-picker")


def lever_change_runs_and_keeps_the_run_before(page):
    """A lever change runs to the end by itself (tutorial: quick); a second change keeps
    the first run as the faint 'before' line."""
    page.open()
    assert page.element("#auto-run").is_selected()
    page.set_lever_text(RATE, "0.1")
    page.wait_status("done")
    labels, first = page.chart("knowledge_mean")
    assert len(labels) == 61 and page.month() == 60, labels[-3:]
    assert page.dataset("chart-knowledge_mean", "previous") == []  # no earlier full run
    page.set_lever_text(RATE, "0")
    page.wait(lambda: page.status() == "done" and
              len(page.dataset("chart-knowledge_mean", "previous")) == 61, "the second run")
    _, second = page.chart("knowledge_mean")
    before = page.dataset("chart-knowledge_mean", "previous")
    assert before == first, "the faint line is not the run before the change"
    assert second[-1] < before[-1], (second[-1], before[-1])  # no transfer: less knowledge
    print(f"    lever change to charts (tutorial, {page.size}): "
          f"{page.body_data('leverToChartMs')} ms", flush=True)
    if at_1280(page):
        page.shot("04-lever-change.png")
        page.shot("05-network.png", "#network")


def large_scenario_waits_for_run(page):
    """Above the auto-run size, a lever change only reconfigures: Run is the student's."""
    page.open()
    page.choose_scenario("national_pilot_clusters.toml")
    page.wait_status("ready")
    assert not page.element("#auto-run").is_selected()


def compare_draws_the_chosen_difference(page):
    page.open()
    page.set_field("replications", "6")
    page.wait_status("ready", "done")
    page.element('#compare-metrics input[value="links"]').click()  # not compared
    page.element("#variant-extra").send_keys("centers.0.active=false")
    page.click("compare-button")
    page.wait(lambda: page.browser.find_elements(By.CSS_SELECTOR, "#compare-table tr"),
              "the comparison table")
    rows = [r.get_attribute("data-metric") for r in
            page.browser.find_elements(By.CSS_SELECTOR, "#compare-table tr[data-metric]")]
    assert rows == ["firms_alive", "innovations_total", "knowledge_mean"], rows
    page.element('#compare-metric option[value="knowledge_mean"]').click()
    page.wait(lambda: page.element("#compare-chart-box").get_attribute("data-metric") ==
              "knowledge_mean", "the knowledge difference")
    mean, low, high = (page.dataset("compare-chart", r) for r in ("mean", "low", "high"))
    assert len(mean) == 61 and all(lo <= m <= hi for lo, m, hi in zip(low, mean, high))
    assert high[-1] < 0, high[-1]  # closing the center clearly lowers knowledge
    if at_1280(page):
        page.shot("06-compare.png", "#experiments")


def events_sit_on_the_time_axis(page):
    """sanctions_2022's packages, budget changes and centers, numbered, with notes."""
    page.open()
    page.choose_scenario("sanctions_2022.toml")
    page.wait_status("ready")
    items = page.browser.find_elements(By.CSS_SELECTOR, "#events li")
    dates = [i.get_attribute("data-date") for i in items]
    assert "2022-02" in dates and "2024-01" in dates, dates
    kinds = {i.get_attribute("class") for i in items}
    assert {"event-sanctions", "event-budget"} <= kinds, kinds
    mortgage = items[dates.index("2024-01")].text
    assert "The industrial mortgage starts" in mortgage, mortgage
    marked = page.browser.execute_script(
        "return Chart.getChart('chart-firms_alive').options.plugins.eventMarkers.events.length")
    assert marked == len(items), (marked, len(items))
    if at_1280(page):
        page.click("run-button")
        page.wait_status("done")
        page.shot("07-events.png", "#run")


def final_means(path):
    """innovations_total at the last month, mean over replications, from a tidy CSV."""
    with open(path) as table:
        rows = [r for r in csv.DictReader(table) if r["metric"] == "innovations_total"]
    last = max(r["month"] for r in rows)
    values = [float(r["value"]) for r in rows if r["month"] == last]
    return sum(values) / len(values)


def link_and_toml_reproduce_the_run(page):
    page.open()
    page.set_field("seed", "7")
    page.set_field("replications", "3")
    page.set_lever_text(RATE, "0.12")
    page.wait_status("done")
    mine = page.chart("innovations_total")[1][-1]
    link = page.element("#share-link").get_attribute("href")
    assert "seed=7" in link and "replications=3" in link and RATE in link, link
    before = set(os.listdir(page.downloads))
    page.click("download-toml")
    toml = page.wait_download(".toml", before)
    browser = page.browser
    first = browser.current_window_handle
    browser.switch_to.new_window("tab")
    page.open_shared(link)
    page.wait_status("done")
    assert page.chart("innovations_total")[1][-1] == mine
    assert page.lever(RATE).find_element(By.CSS_SELECTOR, "input[type=text]").get_attribute(
        "value") == "0.12"
    assert page.element("#seed").get_attribute("value") == "7"
    browser.close()
    browser.switch_to.window(first)
    out = toml[:-5] + "-run.h5"
    run = subprocess.run([page.binary, "run", toml, "-o", out], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    table = out[:-3] + ".csv"
    export = subprocess.run([page.binary, "export", out, "--tidy-csv", "-o", table],
                            capture_output=True, text=True)
    assert export.returncode == 0, export.stdout + export.stderr
    assert abs(final_means(table) - mine) < 1e-9 * max(1, abs(mine)), (final_means(table), mine)


CASES = [(case.__name__, case) for case in (
    page_fits_the_screen, levers_explain_themselves, metrics_are_grouped_and_searchable,
    lever_change_runs_and_keeps_the_run_before, large_scenario_waits_for_run,
    compare_draws_the_chosen_difference, events_sit_on_the_time_axis,
    link_and_toml_reproduce_the_run)]

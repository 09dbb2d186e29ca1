"""The server process and page helpers for serve_e2e_test.py."""
import os
import re
import subprocess
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

TIMEOUT = 90  # seconds for anything the server computes


class Server:
    """`clustersim serve --port 0` in `folder`; the URL is read from what it prints."""

    def __init__(self, binary, folder):
        self.binary, self.folder = binary, folder

    def __enter__(self):
        self.process = subprocess.Popen([self.binary, "serve", "--port", "0"], cwd=self.folder,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        text=True)
        line = self.process.stdout.readline()
        match = re.search(r"http://[0-9.]+:[0-9]+/", line)
        if not match:
            self.process.kill()
            raise RuntimeError(f"server did not print its address: {line!r}")
        self.url = match.group(0)
        return self

    def __exit__(self, *exc):
        self.process.terminate()  # SIGTERM: the server stops cleanly
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise RuntimeError("server did not stop on SIGTERM")
        if self.process.returncode != 0:
            raise RuntimeError(f"server exited with {self.process.returncode}")


class Page:
    """One browser, helpers for the page's elements and state."""

    def __init__(self, browser, url, binary, downloads, screenshots):
        self.browser, self.url, self.binary = browser, url, binary
        self.downloads, self.screenshots = downloads, screenshots
        self.size = (1400, 900)  # the viewport each case opens the page at

    def open(self, url=None):
        self.viewport(*self.size)
        self.browser.get(url or self.url)
        self.wait(lambda: self.configured() > 0, "the first scenario to load")
        self.wait_status("ready")

    def manual(self):
        """Unticks "Run automatically": lever changes then only reconfigure (ready)."""
        box = self.element("#auto-run")
        if box.is_selected():
            box.click()

    def open_shared(self, link):
        """Opens a shared link: the page loads its scenario, then runs it."""
        self.viewport(*self.size)
        self.browser.get(link)
        self.wait(lambda: self.configured() >= 2, "the shared run to be configured")

    def element(self, css):
        return self.browser.find_element(By.CSS_SELECTOR, css)

    def wait(self, condition, what, timeout=TIMEOUT):
        return WebDriverWait(self.browser, timeout, poll_frequency=0.1).until(
            lambda _: condition(), message=f"waiting for {what}")

    def status(self):
        return self.browser.execute_script("return document.body.dataset.status")

    def month(self):
        return int(self.browser.execute_script("return document.body.dataset.month || -1"))

    def wait_status(self, *wanted):
        self.wait(lambda: self.status() in wanted, f"status {wanted} (is {self.status()})")

    def click(self, element_id):
        self.element("#" + element_id).click()

    def chart(self, metric):
        """The mean line of a metric's chart: [labels, values]."""
        return self.browser.execute_script(
            "const c = Chart.getChart('chart-' + arguments[0]);"
            "return c ? [c.data.labels, c.data.datasets[2].data] : null;", metric)

    def dataset(self, canvas_id, role):
        """A chart's dataset by its role (high, low, mean, previous): its data."""
        return self.browser.execute_script(
            "const c = Chart.getChart(arguments[0]);"
            "const d = c && c.data.datasets.find((d) => d.role === arguments[1]);"
            "return d ? d.data : null;", canvas_id, role)

    def viewport(self, width, height):
        """The page's viewport in CSS pixels, exactly (the window's frame aside)."""
        self.browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})

    def body_data(self, name):
        return self.browser.execute_script("return document.body.dataset[arguments[0]]", name)

    def choose_scenario(self, name):
        before = self.configured()
        self.element(f'#scenario option[value="{name}"]').click()
        self.wait(lambda: self.configured() > before, f"{name} to load")

    def lever(self, key):
        return self.element(f'.lever[data-key="{key}"]')

    @staticmethod
    def retype(field, text):
        """Types over a field's text and leaves it, as a user does: one change event.
        (clear() would fire its own change, and the page would reload mid-typing.)"""
        field.send_keys(Keys.CONTROL, "a")
        field.send_keys(text + "\t")

    def configured(self):
        return int(self.browser.execute_script("return document.body.dataset.configured || 0"))

    def retype_and_wait(self, field, text):
        """Retypes a field that reconfigures the run, and waits for the server's answer."""
        before = self.configured()
        self.retype(field, text)
        self.wait(lambda: self.configured() > before, "the server to apply the change")

    def settle(self, before):
        """Waits for configure requests caused since count `before` to be answered and
        no more to come (a slider moved by keys sends one per step)."""
        self.wait(lambda: self.configured() > before, "the server to apply the change")
        while True:
            seen = self.configured()
            time.sleep(0.5)
            if self.configured() == seen:
                return

    def set_field(self, element_id, text):
        self.retype_and_wait(self.element("#" + element_id), text)

    def set_lever_text(self, key, text):
        self.retype_and_wait(
            self.lever(key).find_element(By.CSS_SELECTOR, "input[type=text]"), text)

    def errors(self):
        box = self.element("#errors")
        return "" if box.get_attribute("hidden") else box.text

    def shot(self, name, css=None):
        if not self.screenshots:
            return
        path = os.path.join(self.screenshots, name)
        if css:
            element = self.element(css)
            self.browser.execute_script("arguments[0].scrollIntoView()", element)
            element.screenshot(path)
        else:
            self.browser.save_screenshot(path)

    def save_debug(self, name):
        if self.screenshots:
            self.browser.save_screenshot(os.path.join(self.screenshots, f"failed-{name}.png"))

    def wait_download(self, suffix, before):
        def finished():
            names = [n for n in os.listdir(self.downloads)
                     if n.endswith(suffix) and n not in before]
            return names[0] if names else None
        return os.path.join(self.downloads, self.wait(finished, f"a {suffix} download"))

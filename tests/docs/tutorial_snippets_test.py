#!/usr/bin/python3
"""docs/tutorial.md runs as written: every ```sh and ```python block, in order, after the
README's set-up, as a student would run them in the repository's folder.

The first block is the set-up itself (tools/bootstrap.sh, then `clustersim serve`, which
runs until Ctrl-C): it is not run here; the test starts the server instead and, through its
API, makes the files the tutorial has the student download from the page (~/Downloads/
tutorial.h5 and tutorial.toml, grid.csv), then runs every other block with HOME in a scratch
folder that mirrors the repository (build/app/clustersim, tools/, scenarios/).

Usage: tutorial_snippets_test.py CLUSTERSIM SOURCE_DIR WORK_DIR
"""
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request

SETUP_MARK = "tools/bootstrap.sh"


def blocks(text):
    """(language, code) of every fenced block whose language is sh or python."""
    return [(lang, code) for lang, code in
            re.findall(r"^```(sh|python)\n(.*?)^```", text, re.M | re.S)]


class Api:
    def __init__(self, url):
        self.url = url.rstrip("/")

    def request(self, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=120) as reply:
            return reply.read()

    def post(self, path, body):
        return json.loads(self.request(path, body))

    def wait_idle(self, session):
        for _ in range(1200):
            state = json.loads(self.request(f"/api/state?session={session}"))
            if state["status"] not in ("running", "grid", "comparison", "sensitivity"):
                return state
            time.sleep(0.1)
        raise RuntimeError("the server did not finish")


def make_downloads(binary, work, home):
    """What the student downloads from the page in the tutorial's sections 6, 7 and 8."""
    server = subprocess.Popen([binary, "serve", "--port", "0"], cwd=work, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        url = re.search(r"http://[0-9.]+:[0-9]+/", server.stdout.readline()).group(0)
        api = Api(url)
        session = api.post("/api/session", {})["session"]
        api.post("/api/configure", {"session": session, "scenario": "tutorial.toml",
                                    "sets": ["parameters.transfer.rate=0"]})
        api.post("/api/run", {"session": session})
        assert api.wait_idle(session)["status"] == "done"
        downloads = os.path.join(home, "Downloads")
        os.makedirs(downloads)
        for name, path in (("tutorial.h5", "/api/results.h5"),
                           ("tutorial.toml", "/api/scenario.toml")):
            with open(os.path.join(downloads, name), "wb") as out:
                out.write(api.request(f"{path}?session={session}"))
        api.post("/api/grid", {"session": session, "metrics": ["firms_alive", "links"],
                               "levers": [{"key": "parameters.transfer.rate",
                                           "values": ["0", "0.05", "0.1"]}]})
        api.wait_idle(session)
        with open(os.path.join(work, "grid.csv"), "wb") as out:
            out.write(api.request(f"/api/grid.csv?session={session}"))
    finally:
        server.terminate()
        server.wait(timeout=20)


def main():
    binary, source, work = (os.path.abspath(a) for a in sys.argv[1:4])
    shutil.rmtree(work, ignore_errors=True)
    home = os.path.join(work, "home")
    os.makedirs(os.path.join(work, "build", "app"))
    os.makedirs(home)
    os.symlink(binary, os.path.join(work, "build", "app", "clustersim"))
    for folder in ("scenarios", "tools"):
        os.symlink(os.path.join(source, folder), os.path.join(work, folder))
    found = blocks(open(os.path.join(source, "docs", "tutorial.md")).read())
    setup = [code for _, code in found if SETUP_MARK in code]
    assert len(setup) == 1 and found[0][1] == setup[0], "expected the set-up as the first block"
    make_downloads(binary, work, home)
    env = dict(os.environ, HOME=home, MPLBACKEND="Agg")
    for number, (lang, code) in enumerate(found[1:], 2):
        command = ["bash", "-euo", "pipefail", "-c", code] if lang == "sh" else \
            ["/usr/bin/python3", "-c", code]
        run = subprocess.run(command, cwd=work, env=env, capture_output=True, text=True)
        print(f"block {number} ({lang}): exit {run.returncode}")
        if run.returncode != 0:
            print(code + "\n" + run.stdout + run.stderr)
            return 1
    print(f"all {len(found) - 1} blocks ran")
    return 0


if __name__ == "__main__":
    sys.exit(main())

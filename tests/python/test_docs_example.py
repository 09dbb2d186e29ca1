"""docs/python.md runs as written: every ```python block, in order, in one namespace, from a
folder holding the shipped scenarios/ (as a user in the source tree). The worked example's
figure must be a PNG."""

import os
import re

from conftest import SOURCE

DOC = os.path.join(SOURCE, "docs", "python.md")


def python_blocks(text):
    return re.findall(r"^```python\n(.*?)^```", text, re.M | re.S)


def test_every_python_block_of_the_page_runs(tmp_path, monkeypatch):
    blocks = python_blocks(open(DOC).read())
    assert len(blocks) >= 8, "expected the page's examples (found %d blocks)" % len(blocks)
    os.symlink(os.path.join(SOURCE, "scenarios"), tmp_path / "scenarios")
    monkeypatch.chdir(tmp_path)
    namespace = {"__name__": "docs_python_md"}
    for number, block in enumerate(blocks, 1):
        try:
            exec(compile(block, "%s, python block %d" % (DOC, number), "exec"), namespace)
        except Exception as error:
            raise AssertionError("docs/python.md block %d failed: %r\n%s"
                                 % (number, error, block)) from error
    with open(tmp_path / "center_vs_grants.png", "rb") as png:
        assert png.read(8) == b"\x89PNG\r\n\x1a\n"
    assert os.path.getsize(tmp_path / "center_vs_grants.png") > 10000
    assert list(namespace["screening"].indices.index) != []

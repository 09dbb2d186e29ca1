"""Provenance of a validation report: which program and which commit produced it.

A report in docs/ is the project's record, so it must come from a clean build of a clean tree:
`clustersim --version` must not say -dirty and `git status` must show no changes to tracked files.
--allow-dirty overrides this and the report then says so at the top.
"""
from __future__ import annotations

import os
import subprocess


def _git(root, *args):
    p = subprocess.run(["git", "-C", root, *args], capture_output=True, text=True)
    return p.stdout.strip() if p.returncode == 0 else ""


def collect(binary: str, root: str) -> dict:
    version = subprocess.run([binary, "--version"], capture_output=True, text=True, check=True).stdout.strip()
    commit = _git(root, "rev-parse", "HEAD")
    changed = [line for line in _git(root, "status", "--porcelain", "--untracked-files=no").splitlines() if line]
    tree_dirty = bool(changed)
    build_dirty = "-dirty" in version
    return dict(version=version, commit=commit, tree_dirty=tree_dirty, build_dirty=build_dirty,
                changed=changed, dirty=tree_dirty or build_dirty,
                commit_text=f"{commit[:12] or 'unknown commit'}{' with uncommitted changes' if tree_dirty else ''}")


def refusal(prov: dict, output: str, docs: str, allow_dirty: bool) -> str:
    """The reason not to write the report, or '' when it may be written."""
    if not prov["dirty"] or allow_dirty:
        return ""
    if os.path.realpath(output) != os.path.realpath(docs):
        return ""
    why = []
    if prov["build_dirty"]:
        why.append(f"the program is a -dirty build ({prov['version']})")
    if prov["tree_dirty"]:
        why.append(f"the tree has uncommitted changes ({len(prov['changed'])} files)")
    return ("refusing to write the report into docs/: " + " and ".join(why) +
            ". Build from a clean commit, or pass --allow-dirty (the report then says so at the top).")


def header_lines(prov: dict) -> list[str]:
    lines = [f"- program: `{prov['version']}`; tree at commit `{prov['commit'][:12] or 'unknown'}`"
             + (" with uncommitted changes" if prov["tree_dirty"] else " (clean)")]
    if prov["dirty"]:
        what = []
        if prov["build_dirty"]:
            what.append("a -dirty build (the binary was built from uncommitted sources)")
        if prov["tree_dirty"]:
            what.append("a tree with uncommitted changes")
        lines.insert(0, "> **Not from a clean commit: generated with --allow-dirty from " + " and ".join(what)
                     + ". Regenerate from a clean build of a clean commit before relying on it.**")
        lines.insert(1, "")
    return lines

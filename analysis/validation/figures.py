"""PNG figures of the validation report (matplotlib, Agg backend). Each function saves one figure
and returns its file name relative to the figure directory."""
from __future__ import annotations

import os
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import vstats  # noqa: E402

_DIR = "."


def set_output(directory: str):
    global _DIR
    _DIR = directory


def _save(fig, name):
    fig.tight_layout()
    fig.savefig(os.path.join(_DIR, name), dpi=110)
    plt.close(fig)
    return name


def _short(s):
    return {"khabarovsk_aero_ship": "khabarovsk", "national_pilot_clusters": "national",
            "nuclear_cluster": "nuclear", "spb_pharma": "spb"}.get(s, s)


def demography(exit_r, entry_r):
    fig, ax = plt.subplots(figsize=(7, 3.6))
    names = list(exit_r)
    x = np.arange(len(names))
    for off, data, label in ((-0.2, exit_r, "exit rate"), (0.2, entry_r, "entry rate")):
        cis = [vstats.mean_ci(data[n]) for n in names]
        m = np.array([c[0] for c in cis]) * 100
        err = np.array([[c[0] - c[1], c[2] - c[0]] for c in cis]).T * 100
        ax.bar(x + off, m, 0.4, yerr=err, capsize=3, label=label)
    ax.axhspan(3, 10, color="green", alpha=0.12, label="target 3-10%/yr (OECD 2015)")
    ax.set_xticks(x, [_short(n) for n in names], rotation=20)
    ax.set_ylabel("% of firms alive per year")
    ax.set_title("Firm entry and exit, years without shocks (mean, 95% interval)")
    ax.legend(fontsize=8)
    return _save(fig, "demography.png")


def size_ccdf(res, first, last):
    """Size distributions at the equal start, at the checked horizon `last` and, when the run
    goes on, at its end."""
    fig, ax = plt.subplots(figsize=(6, 4.2))
    months = [(first, "grey"), (last, "C0")]
    if res.snapshot_months[-1] != last:
        months.append((res.snapshot_months[-1], "C1"))
    for month, color in months:
        for r in range(res.replications):
            s = np.sort(res.snapshot(month, r)["firms/employees"])[::-1]
            ax.loglog(s, np.arange(1, s.size + 1) / s.size, color=color, alpha=0.6, lw=1,
                      label=f"{month}" if r == 0 else None)
    s = np.sort(res.snapshot(last, 0)["firms/employees"])[::-1]
    xs = np.geomspace(s[int(0.1 * s.size)], s[0], 20)
    ax.loglog(xs, 0.1 * (xs / xs[0]) ** -1.06, "k--", label="slope -1.06 (Axtell 2001)")
    ax.set_xlabel("employees")
    ax.set_ylabel("P(S >= s)")
    ax.set_title("Firm sizes from an equal-size start (tomsk, every firm 50)")
    ax.legend(fontsize=8)
    return _save(fig, "sizes.png")


def volatility(log_size, growth, beta):
    fig, ax = plt.subplots(figsize=(6, 4))
    order = np.argsort(log_size)
    xs, ys = [], []
    for chunk in np.array_split(order, 8):
        xs.append(np.exp(log_size[chunk].mean()))
        ys.append(np.std(growth[chunk], ddof=1))
    ax.loglog(xs, ys, "o-", label="sd of yearly log sales growth (8 size bins)")
    ref = ys[0] * (np.array(xs) / xs[0]) ** -0.17
    ax.loglog(xs, ref, "k--", label="slope -0.17 (Stanley et al. 1996)")
    ax.set_xlabel("monthly sales at the start of the year (mln RUB)")
    ax.set_ylabel("sd of growth")
    ax.set_title(f"Growth volatility against size, tomsk (beta = {beta:.3f})")
    ax.legend(fontsize=8)
    return _save(fig, "volatility.png")


def network(stats, inter):
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.8))
    for s, v in stats.items():
        deg = np.concatenate([x["degrees"] for x in v])
        vals, counts = np.unique(deg, return_counts=True)
        axes[0].plot(vals, counts / counts.sum(), "o-", label=_short(s))
    axes[0].set_xlabel("partners (degree)")
    axes[0].set_ylabel("share of firms")
    axes[0].set_title("Degree distribution, last snapshot")
    axes[0].legend(fontsize=8)
    names = list(inter)
    m = [100 * np.mean(inter[n]) for n in names]
    axes[1].bar(range(len(names)), m)
    axes[1].axhline(5, color="green", ls="--", label="threshold 5%")
    axes[1].set_xticks(range(len(names)), [_short(n) for n in names])
    axes[1].set_ylabel("% of links between clusters")
    axes[1].set_title("Inter-cluster links")
    axes[1].legend(fontsize=8)
    return _save(fig, "network.png")


def partner_distance(paths):
    fig, ax = plt.subplots(figsize=(6, 3.8))
    for s, (years, means, lo, hi) in paths.items():
        line, = ax.plot(years, means, "o-", label=_short(s))
        ax.axhspan(lo, hi, color=line.get_color(), alpha=0.06)
    ax.set_xlabel("year end")
    ax.set_ylabel("mean cognitive distance of partners")
    ax.set_title("Partner distance; shaded: transfer at least half its peak")
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=8)
    return _save(fig, "partner_distance.png")


def bass(curves, fits):
    """Each technology's users from its first use (grey) and the Bass curve with the mean of
    the fitted p, q and m (red)."""
    fig, ax = plt.subplots(figsize=(6, 4))
    for r, y in enumerate(curves):
        ax.plot(np.arange(y.size) / 12.0, y, color="grey", alpha=0.3, lw=0.8,
                label="technology x replication" if r == 0 else None)
    if fits:
        p, q, m = (float(np.mean([f[k] for f in fits])) for k in ("p", "q", "m"))
        t = np.arange(max(y.size for y in curves)) / 12.0
        ax.plot(t, m * vstats.bass_cdf(t, p, q), "C3--", lw=2,
                label=f"Bass, mean fit p={p:.3f} q={q:.3f} m={m:.0f}")
    ax.set_xlabel("years since the technology's first use")
    ax.set_ylabel("firms using the technology")
    ax.set_title("Diffusion of process technologies, tomsk run to 2037")
    ax.legend(fontsize=8)
    return _save(fig, "diffusion.png")


def cash(months, med):
    fig, ax = plt.subplots(figsize=(6, 3.8))
    m = [np.mean(med[k]) for k in months]
    lo = [vstats.mean_ci(med[k])[1] for k in months]
    hi = [vstats.mean_ci(med[k])[2] for k in months]
    x = np.arange(len(months))
    ax.errorbar(x, m, yerr=[np.subtract(m, lo), np.subtract(hi, m)], fmt="o-", capsize=4)
    ax.set_xticks(x, months)
    ax.set_ylabel("median cash / monthly revenue (months)")
    ax.set_title("Cash holdings, tomsk run to 2037")
    return _save(fig, "cash.png")


def national(placed):
    fig, ax = plt.subplots(figsize=(5, 3.6))
    years = list(placed)
    m = [np.mean(placed[y][0]) for y in years]
    ax.bar([str(y) for y in years], m, label="placed (model)")
    ax.scatter([str(y) for y in years], [placed[y][1] for y in years], color="k", zorder=3, label="placed (HSE ISSEK)")
    ax.set_ylabel("mln RUB")
    ax.set_title("Federal pilot-cluster subsidy placed")
    ax.legend(fontsize=8)
    return _save(fig, "calibration.png")


def policy(effects):
    """Paired effects relative to the baseline mean; the band is the +-5% that counts as no effect
    (an expected effect passes only when its whole interval lies outside it). Imposed rows grey."""
    fig, ax = plt.subplots(figsize=(7.5, 0.45 * len(effects) + 1.4))
    labels = []
    for i, (cid, ci, base, nature) in enumerate(effects):
        # relative to the baseline mean; a zero baseline shows the absolute difference x 100
        scale = 100.0 / abs(base) if base else 100.0
        m, lo, hi = (v * scale for v in ci)
        ax.errorbar([m], [i], xerr=[[m - lo], [hi - m]], fmt="o", capsize=3,
                    color="grey" if nature == "imposed" else "C0")
        labels.append(cid.replace("policy.", "") + ("" if base else " [abs. x100]") + (" (imposed)" if nature == "imposed" else ""))
    ax.axvline(0, color="k", lw=0.8)
    ax.axvspan(-5, 5, color="orange", alpha=0.15, label="within +-5% of baseline: no effect (ours)")
    ax.set_yticks(range(len(effects)), labels)
    ax.set_xlabel("paired difference, % of baseline mean (95% interval)")
    ax.set_title("Policy effects under common random numbers")
    ax.legend(fontsize=8, loc="lower right")
    return _save(fig, "policy.png")


def _band(ax, t, x, label, color=None):
    with warnings.catch_warnings():  # months without a snapshot are all-NaN columns
        warnings.simplefilter("ignore", RuntimeWarning)
        m = np.nanmean(x, 0)
        sd = np.nanstd(x, 0, ddof=1) if x.shape[0] > 1 else np.zeros_like(m)
    half = 1.96 * sd / np.sqrt(x.shape[0])
    ok = np.isfinite(m)
    line, = ax.plot(t[ok], m[ok], label=label, color=color, lw=1.3)
    ax.fill_between(t[ok], (m - half)[ok], (m + half)[ok], color=line.get_color(), alpha=0.2)


PREDICTION_PANELS = (
    ("Real output index (2021 = 100)", "real output index"),
    ("Exits (firms/month)", "exits"),
    ("Imports", "imports, "),
    ("Substitution", "substitution_share_mean"),
    ("Critical-input coverage", "critical_input_coverage"),
    ("Sovereignty index", "sovereignty_index"),
)


def prediction(labels, cols, series):
    """Monthly predicted paths 2021-2024, mean and 95% band, one panel per kind of path."""
    t = np.array([int(labels[c][:4]) + (int(labels[c][5:]) - 0.5) / 12 for c in cols])
    fig, axes = plt.subplots(3, 2, figsize=(11, 10))
    for ax, (title, prefix) in zip(axes.ravel(), PREDICTION_PANELS):
        for name, x in series.items():
            if name.startswith(prefix):
                _band(ax, t, x[:, cols], name.replace(prefix, "").strip(", _") or "total")
        ax.axvspan(2022.0, 2025.0, color="grey", alpha=0.08)
        ax.set_title(title)
        ax.legend(fontsize=7)
    fig.suptitle("sanctions_2022: predicted paths 2021-2024 (held out from 2022; shaded)")
    return _save(fig, "prediction.png")

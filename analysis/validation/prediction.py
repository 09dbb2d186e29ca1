"""Prediction section of the validation report: sanctions_2022's paths over 2021-2024.

The window 2022-2024 is held out: the model's parameters are not fitted to it and this module reads
no observed outcome of it. It shows the model's predicted paths (mean over replications with a 95%
interval) and the inputs the prediction uses (key-rate path, sanctions packages, policy response),
and gives no verdict: the comparison with data is made independently.

Where the program writes `real_output[_<sector>]` (volume at the run's initial prices; rebased here
to the 2021 mean = 100, an index like Rosstat's industrial production index) and
`import_share_<sector>` they are used; otherwise the section computes a volume index from what
exists (sales deflated by price_index, rebased to the 2021 mean) and shows the import dependence
of critical inputs per domain in place of import shares, and says which it shows.
"""
from __future__ import annotations

import numpy as np

import figures
import vstats
from checks import ci_text, flatten

YEARS = (2021, 2022, 2023, 2024)
BASE_YEAR = 2021

# The keys of sanctions_2022 fitted with `clustersim calibrate` on 2019-2021 (the sectors'
# input_cost_share and the cost shock; docs/experiments.md, "Refit of sanctions_2022 on 64
# replications (stop 40)"): estimate and 95% interval. The prediction's own intervals hold
# them fixed; the sensitivity table reruns it with each at the ends of its interval.
FITTED_KEYS = {"sectors.radio_electronics.input_cost_share": (0.491, 0.433, 0.549),
               "sectors.machine_building.input_cost_share": (0.421, 0.315, 0.527),
               "parameters.production.cost_shock": (0.141, 0.088, 0.194)}


def shipped_value(scenario, key):
    """The scenario's value of a fitted key: `sectors.<name>.<field>` by the sector's name, any
    other key by its path. Raises ValueError when the scenario does not have it."""
    parts = key.split(".")
    try:
        if parts[0] == "sectors":
            return next(s for s in scenario["sectors"] if s["name"] == parts[1])[parts[2]]
        value = scenario
        for part in parts:
            value = value[part]
        return value
    except (KeyError, StopIteration):
        raise ValueError(f"prediction.FITTED_KEYS: the scenario has no {key}: update the table "
                         "from the fit (docs/experiments.md)") from None


def sensitivity_runs(scenario):
    """(name, label, overrides) for each fitted key at each end of its interval (an end equal to
    the estimate, a key fitted at a bound of its range, is the shipped run and is left out). Raises when the
    scenario's values are not the fitted estimates (the table would describe another fit)."""
    runs = []
    for key, (estimate, low, high) in FITTED_KEYS.items():
        shipped = shipped_value(scenario, key)
        if abs(shipped - estimate) > 1e-9:
            raise ValueError(f"prediction.FITTED_KEYS: the scenario ships {key} = {shipped}, "
                             f"the table says {estimate}: update it from the fit (docs/experiments.md)")
        short = key.split(".", 1)[1] if key.startswith("sectors.") else key.rsplit(".", 1)[1]
        for end, value in (("low", low), ("high", high)):
            if value == estimate:  # an estimate at a bound of its range: that end is the shipped run
                continue
            runs.append((f"prediction_{short.replace('.', '_')}_{end}", f"{short} = {value:g}",
                         [f"{key}={value!r}"]))
    return runs


def index_2024(res, replications):
    """Per replication (the first `replications`): the 2024 mean of the total and per-sector
    volume indices, 2021 = 100."""
    total, per, _, _ = output_indices(res)
    cols = res.year_columns(2024)
    out = {"total": np.nanmean(total[:replications][:, cols], 1)}
    out.update({s: np.nanmean(x[:replications][:, cols], 1) for s, x in per.items()})
    return out


def sensitivity_lines(base, runs):
    """Table: the 2024 indices with each fitted key at an end of its interval, and the paired
    change of the total against the shipped values (same seeds, the first replications)."""
    if not runs:
        return []
    n = min(r.replications for _, r in runs)
    at_shipped = index_2024(base, n)
    sectors = [s for s in at_shipped if s != "total"]
    lines = [f"Sensitivity to the fitted keys: the prediction's intervals above hold the parameters fixed. "
             f"Each fitted key at an end of its 95% interval, the others as shipped ({n} replications, "
             "paired on the shipped run's seeds; a key fitted at a bound of its calibration range, "
             "whose interval is cut there, only at its other end); 2024 mean of the volume index, "
             "2021 = 100:", "",
             "| run | total | " + " | ".join(sectors) + " | change of the total (paired) |",
             "|---|---|" + "---|" * len(sectors) + "---|"]
    rows = [("as shipped", at_shipped)] + [(label, index_2024(r, n)) for label, r in runs]
    for label, v in rows:
        change = "" if v is at_shipped else ci_text(vstats.mean_ci(v["total"] - at_shipped["total"]), 1)
        lines.append(f"| {label} | {ci_text(vstats.mean_ci(v['total']), 1)} | "
                     + " | ".join(f"{np.mean(v[s]):.1f}" for s in sectors) + f" | {change} |")
    return lines + [""]


def window(res):
    return [c for y in YEARS for c in res.year_columns(y)]


def rebase(x, res):
    """Index with the BASE_YEAR mean of each replication = 100."""
    base = np.nanmean(x[:, res.year_columns(BASE_YEAR)], 1, keepdims=True)  # snapshots may skip months
    return 100.0 * x / np.where(base > 0, base, np.nan)


def sector_revenue(res):
    """Monthly revenue per sector from the firm snapshots (replications x columns per sector);
    columns without a snapshot are NaN."""
    sectors = [s["name"] for s in res.scenario["sectors"]]
    out = {s: np.full((res.replications, len(res.labels)), np.nan) for s in sectors}
    for month in res.snapshot_months:
        c = res.col(month)
        for r in range(res.replications):
            snap = res.snapshot(month, r)
            for i, s in enumerate(sectors):
                out[s][r, c] = snap["firms/revenue"][snap["firms/sector"] == i].sum()
    return out


def output_indices(res):
    """Volume indices (2021 = 100): total and per sector, with the text saying which they are."""
    if res.has("real_output"):
        total = rebase(res.m("real_output"), res)
        how = ("`real_output` written by the program (volume at the run's initial prices: domestic sales, "
               "exports and defence orders), rebased to the 2021 mean = 100")
    else:
        total = rebase((res.m("civilian_output") + res.m("defence_output")) / res.m("price_index"), res)
        how = ("computed here, the program writes no `real_output_index` yet: (civilian_output + "
               "defence_output) / price_index, rebased to the 2021 mean = 100 (price_index is the mean "
               "over sectors of the price level)")
    sectors = [s["name"] for s in res.scenario["sectors"]]
    if all(res.has(f"real_output_{s}") for s in sectors):
        per = {s: rebase(res.m(f"real_output_{s}"), res) for s in sectors}
        how_s = "`real_output_<sector>` written by the program, rebased to the 2021 mean = 100"
    else:
        rev = sector_revenue(res)
        per = {s: rebase(rev[s] / res.m("price_index"), res) for s in sectors}
        how_s = ("computed here from firm snapshots, the program writes no `real_output_index_<sector>` yet: "
                 "the sector's firms' revenue / price_index (one price index for all sectors), rebased to the "
                 "2021 mean = 100; months without a snapshot are left out")
    return total, per, how, how_s


def import_shares(res):
    sectors = [s["name"] for s in res.scenario["sectors"]]
    if all(res.has(f"import_share_{s}") for s in sectors):
        return {s: res.m(f"import_share_{s}") for s in sectors}, "`import_share_<sector>`: share of the sector's domestic real demand placed with foreign suppliers"
    doms = [d for d in res.scenario["domains"] if res.has(f"import_dependence_{d}")]
    return ({d: res.m(f"import_dependence_{d}") for d in doms},
            "the program writes no `import_share_<sector>` yet; shown instead: `import_dependence_<domain>`, "
            "the share of critical inputs in a domain bought from sanctioning countries (not a market share)")


def paths(res):
    """name -> (replications x columns) monthly series, plus notes on what each is."""
    total, per, how, how_s = output_indices(res)
    imports, how_i = import_shares(res)
    doms = res.scenario["domains"]
    series = {"real output index, total": total}
    series.update({f"real output index, {s}": x for s, x in per.items()})
    series["exits"] = res.m("exits")
    series["firms alive"] = res.m("firms_alive")
    series.update({f"imports, {k}": x for k, x in imports.items()})
    series["substitution_share_mean"] = res.m("substitution_share_mean")
    series["innovations_import_substitute (cumulative)"] = res.m("innovations_import_substitute")
    series["critical_input_coverage"] = res.m("critical_input_coverage")
    series.update({f"critical_input_coverage_{d}": res.m(f"critical_input_coverage_{d}") for d in doms
                   if res.has(f"critical_input_coverage_{d}")})
    series["sovereignty_index"] = res.m("sovereignty_index")
    series.update({f"sovereignty_index_{d}": res.m(f"sovereignty_index_{d}") for d in doms
                   if res.has(f"sovereignty_index_{d}")})
    return series, [f"Output index (total): {how}.", f"Output index by sector: {how_s}.", f"Imports: {how_i}."]


def annual(res, name, x):
    """Per year: mean over replications of the annual sum (flows counted per year: exits) or the
    annual mean (indices and shares), with its 95% interval."""
    out = []
    for y in YEARS:
        cols = res.year_columns(y)
        v = np.nansum(x[:, cols], 1) if name.startswith("exits") else np.nanmean(x[:, cols], 1)
        out.append(vstats.mean_ci(v))
    return out


def inputs_text(sc):
    kr = [f"{k['from']} {100 * k['rate']:.2f}%" for k in sc.get("key_rate", []) if "2021" <= k["from"][:4] <= "2024"]
    start = sc.get("calendar", {}).get("start", "")
    lines = [f"- The run starts in {start}; the years before 2021 are a pre-sample (the firms' state settles, "
             "the margins are fitted on them) and are not shown. Paths below from 2021."] if start < "2021" else []
    lines.append("- Key-rate path (input, Bank of Russia; from the scenario): " + ", ".join(kr) + ".")
    if sc.get("exchange_rate"):
        er = [f"{k.get('from')} {k.get('rub_per_usd')}" for k in sc["exchange_rate"]
              if "2021" <= k["from"][:4] <= "2024"]
        lines.append("- Exchange-rate path (input, Bank of Russia official USD rate, RUB per USD; from the "
                     "scenario): " + ", ".join(er) + ".")
    else:
        lines.append("- Exchange rate: not an input of this scenario (the program has no exchange-rate path yet).")
    funders = [f"{f['name']} ({f.get('kind', '')}, {f.get('annual_budget', 0):g} mln RUB/year)" for f in sc.get("funders", [])]
    lines.append("- Policy programmes from the start (funders): " + "; ".join(funders) + ".")
    steps = [f"{b['funder']} {b['from']} {b['annual_budget']:g}" for b in sc.get("programme_budget", [])
             if "2021" <= b["from"][:4] <= "2024"]
    if steps:
        lines.append("- Programme budget paths (input, mln RUB/year from the month; budget laws and programme "
                     "decisions scaled to the cluster, see the scenario): " + ", ".join(steps) + ".")
    windows = [f"{m['from']} until {m['until']}" + (f" ({', '.join(m['sectors'])})" if m.get("sectors") else "")
               for m in sc.get("bankruptcy_moratorium", [])]
    if windows:
        lines.append("- Bankruptcy moratorium (input: creditors' petitions barred, Decree No. 497): "
                     + ", ".join(windows) + ".")
    lines.append("- Scheduled events 2021-2024 (sanctions packages and policy response):")
    for e in sc.get("events", []):
        if "2021" <= e["date"][:4] <= "2024":
            lines.append(f"  - {e['date']}: {e.get('note', '')} ({'; '.join(event_levers(e))})")
    return lines


def event_levers(e):
    """The levers an event sets (the resolved scenario also lists every default: zeros, no funder)."""
    out = []
    for k in ("import_cut", "parallel_markup", "knowledge_cut", "licence_cut"):
        cut = {d: v for d, v in e.get(k, {}).items() if v}
        if cut:
            out.append(f"{k} " + ", ".join(f"{d} {v:g}" for d, v in cut.items()))
    if e.get("export_loss"):
        out.append(f"export_loss {e['export_loss']:g}")
    if e.get("import_exit"):
        out.append(f"import_exit {e['import_exit']:g}")
    if e.get("funder"):
        out.append(f"funder {e['funder']} budget {e.get('funder_budget', -1):g} mln RUB/year")
    if e.get("set"):
        out.append("set " + ", ".join(f"{k} = {v}" for k, v in flatten(e["set"]).items()))
    return out


def build(res, figdir, sensitivity=()):
    """The section's markdown lines and figure file name; `sensitivity` is (label, results) of
    the runs of sensitivity_runs."""
    series, notes = paths(res)
    cols = window(res)
    fig = figures.prediction(res.labels, cols, series)
    lines = ["Inputs the prediction uses (scenario `scenarios/sanctions_2022.toml` as shipped; "
             f"{res.replications} replications):", ""] + inputs_text(res.scenario) + [""]
    lines += [f"- {n}" for n in notes] + [""]
    lines += ["| path | " + " | ".join(str(y) for y in YEARS) + " |", "|---|" + "---|" * len(YEARS)]
    for name, x in series.items():
        cells = [ci_text(c, 3 if np.nanmax(np.abs(x)) < 10 else 1) for c in annual(res, name, x)]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", "Annual mean over replications with its 95% interval; exits are the annual sum (firms a year). "
              "No verdict: 2022-2024 is held out and compared with data independently.", ""]
    lines += sensitivity_lines(res, list(sensitivity))
    return dict(lines=lines, figure=fig, missing=missing_outputs(res))


def missing_outputs(res):
    """Outputs of issue 25 the prediction would use and the program does not write yet."""
    sectors = [s["name"] for s in res.scenario["sectors"]]
    wanted = (["real_output"] + [f"real_output_{s}" for s in sectors]
              + [f"import_share_{s}" for s in sectors])
    out = [f"`{m}` (prediction section)" for m in wanted if not res.has(m)]
    if not res.scenario.get("exchange_rate"):
        out.append("an exchange-rate path as a scenario input (prediction section; the 2014-2016 devaluation episode)")
    return out

"""The fixed, seeded experiments of the validation report.

Every experiment is a shipped scenario plus `--set` overrides, run with the scenario's own seed, so
experiments on one scenario share random numbers (common random numbers) and policy comparisons
pair replication r of one with replication r of the other.
"""
from __future__ import annotations

from checks import NO_SHOCK_SCENARIOS, flatten
from experiments import Runner
import prediction

def months_between(start: str, end: str, step: int = 12, first: str | None = None):
    y, m = int(start[:4]), int(start[5:])
    ye, me = int(end[:4]), int(end[5:])
    out = [first] if first else []
    while (y, m) <= (ye, me):
        out.append(f"{y:04d}-{m:02d}")
        m += step
        while m > 12:
            m -= 12
            y += 1
    return out


def snaps(months):
    return "output.snapshots=[" + ",".join(f'"{m}"' for m in months) + "]"


def run_experiments(rn: Runner, quick: bool):
    # Replications: 4 could not resolve the paired policy rows (issue 9, TFP shock). At 16 the
    # dose-response rows' 95% half-widths were 7-10% of the baseline mean, wider than the 5%
    # bar they are tested against, so only an effect above about three times the bar could
    # pass; 64 halves the half-widths (stop 40). CI's quick variant keeps 8.
    R = 8 if quick else 64
    E = {}
    sc = lambda n: f"scenarios/{n}.toml"  # noqa: E731
    # shipped scenarios as they are (national gets an end-of-run snapshot for inter-cluster links;
    # tomsk gets yearly snapshots for growth rates)
    tomsk_snaps = snaps(["2013-01"] + [f"{y}-12" for y in range(2013, 2021)])
    for s in NO_SHOCK_SCENARIOS + ["sanctions_2022", "cc_vs_grants_base", "cc_vs_grants_cc",
                                   "cc_vs_grants_grants"]:
        sets = []
        if s == "tomsk":
            sets = [tomsk_snaps]
        elif s == "national_pilot_clusters":
            sets = [snaps(["2016-12"])]
        E[s] = rn.run(s, sc(s), sets, R)
    tomsk = E["tomsk"]
    # firm sizes from a population that is NOT Pareto: every tomsk group starts at exactly 50
    # employees (entrants draw between 50 and 100), checked after 20 years (12 in --quick); the
    # full variant runs on to 40 years to show where the tail goes
    end = "2024-12" if quick else "2052-12"
    groups = len(tomsk.scenario["firms"])
    sets = [f"firms.{i}.employees_{k}=50" for i in range(groups) for k in ("min", "max")]
    sets += [f"calendar.end={end}", snaps(["2013-01"] + months_between("2016-12", end, 48))]
    E["sizes_uniform"] = rn.run("sizes_uniform", sc("tomsk"), sets, R)
    # cash holdings and diffusion curves over 25 years (tomsk as shipped, longer calendar)
    # (yearly snapshots: five-year survival of entrants from persistent ids, first_column and the
    # exit logs)
    E["cash_long"] = rn.run("cash_long", sc("tomsk"), [
        "calendar.end=2037-12", snaps(["2013-01"] + [f"{y}-12" for y in range(2013, 2038)])], R)
    # IDF soft loans with projects of real size: funder 1 becomes an IDF programme (development
    # projects TRL 6..9, 100..1000 mln RUB, co-financing 20%); stage costs at TRL 6..9 of 10 mln RUB
    # a month at firms of up to 100 staff (scaleup_reference_employees pinned at the default 100).
    # The control keeps tomsk's shipped stage costs (scale-up of IDF project size since issue 9).
    idf = ["funders.1.name=idf", "funders.1.kind=idf_loan", "funders.1.annual_budget=5000",
           "funders.1.min_trl=6", "funders.1.max_trl=9", "funders.1.min_loan=100",
           "funders.1.max_loan=1000", "funders.1.cofinancing=0.2", "funders.1.rate=0.03",
           "funders.1.term_months=60"]
    E["idf_real"] = rn.run("idf_real", sc("tomsk"), idf + [
        "parameters.innovation.stage_cost=[0.01, 0.02, 0.03, 0.1, 0.2, 10, 10, 10, 10]",
        "parameters.innovation.scaleup_reference_employees=100", tomsk_snaps], R)
    E["idf_small"] = rn.run("idf_small", sc("tomsk"), idf + [tomsk_snaps], R)
    # policy comparisons (common random numbers: same scenario seed)
    ev = tomsk.scenario.get("events", [])
    E["grants_x10"] = rn.run("grants_x10", sc("tomsk"), [tomsk_snaps] + budgets_times(tomsk.scenario, 10), R)
    cc = [i for i, c in enumerate(tomsk.scenario.get("centers", [])) if c["kind"] == "competence_center"]
    E["cc_removed"] = rn.run("cc_removed", sc("tomsk"), [tomsk_snaps] + [f"centers.{i}.active=false" for i in cc], R)
    E["tto_strong"] = rn.run("tto_strong", sc("tomsk"), [tomsk_snaps] + [
        f"universities.{i}.tto_strength=1.0" for i in range(len(tomsk.scenario["universities"]))], R)
    # identities: must be bit-identical to their reference
    domains = tomsk.scenario["domains"]
    E["zero_cut"] = rn.run("zero_cut", sc("tomsk"), [tomsk_snaps] + [
        f"events.0.{k}.{d}=0" for k in ("import_cut", "knowledge_cut", "licence_cut", "parallel_markup")
        for d in domains] + ["events.0.export_loss=0"], R)
    rate = tomsk.scenario["parameters"]["transfer"]["rate"]
    E["noop_event"] = rn.run("noop_event", sc("tomsk"), [
        tomsk_snaps, f'events.{len(ev) - 1}.set={{"parameters.transfer.rate" = {rate!r}}}'], R)
    E["zero_budget"] = rn.run("zero_budget", sc("cc_vs_grants_grants"), ["funders.0.annual_budget=0"], R)
    E["zero_capacity"] = rn.run("zero_capacity", sc("cc_vs_grants_cc"), [
        "centers.0.training_capacity=0", "centers.0.brokerage_capacity=0", "centers.0.funding=0"], R)
    # sanctions
    san = E["sanctions_2022"].scenario
    sev = san["events"]
    first = next(i for i, e in enumerate(sev) if any(v > 0 for v in e.get("import_cut", {}).values()))
    deeper = [f"events.{first}.import_cut.{d}={min(1.0, v + 0.3):.4g}" for d, v in sev[first]["import_cut"].items()]
    E["import_cut_deeper"] = rn.run("import_cut_deeper", sc("sanctions_2022"), deeper, R)
    key = [f"parameters.credit.key_rate={san['parameters']['credit']['key_rate'] + 0.05:.6g}"] + [
        f"key_rate.{i}.rate={k['rate'] + 0.05:.6g}" for i, k in enumerate(san.get("key_rate", []))]
    E["key_rate_plus5"] = rn.run("key_rate_plus5", sc("sanctions_2022"), key, R)
    nosub = ["parameters.innovation.share_import_substitute=0", "parameters.innovation.substitution_response=0"] + [
        f'events.{i}.set={{"parameters.innovation.share_import_substitute" = 0}}'
        for i, e in enumerate(sev) if "parameters.innovation.share_import_substitute" in flatten(e.get("set", {}))]
    E["no_substitution"] = rn.run("no_substitution", sc("sanctions_2022"), nosub, R)
    embargo = [f"events.{first}.import_cut.{d}=1" for d in san["domains"]] + [
        "parameters.sanctions.parallel_import_share=0", "parameters.sanctions.resourcing_rate=0"]
    E["embargo_no_sub"] = rn.run("embargo_no_sub", sc("sanctions_2022"), nosub + embargo, R)
    E["embargo"] = rn.run("embargo", sc("sanctions_2022"), embargo, R)
    run_dose_response(rn, E, R, tomsk_snaps)
    run_subsidy_null(rn, E, R)
    run_no_episode(rn, E, R)
    run_prediction(rn, E, R, quick)
    return E


def run_no_episode(rn, E, R):
    """national_pilot_clusters without the 2014-2016 episode: from 2014 the key rate held at its
    2013 level and the rouble at its last 2013 rate (the steps from 2014 set to them; earlier
    steps kept), same seeds, so the paired difference is the model's effect of the devaluation
    and the rate shock."""
    sc = E["national_pilot_clusters"].scenario
    rate = sc["parameters"]["credit"]["key_rate"]
    path = sc.get("exchange_rate", [])
    before = [s["rub_per_usd"] for s in path if s["from"] < "2014-01"]
    rub = before[-1] if before else path[0]["rub_per_usd"]
    sets = [f"key_rate.{i}.rate={rate!r}" for i, s in enumerate(sc.get("key_rate", [])) if s["from"] >= "2014-01"] + [
        f"exchange_rate.{i}.rub_per_usd={rub!r}" for i, s in enumerate(path) if s["from"] >= "2014-01"]
    E["no_episode"] = rn.run("no_episode", "scenarios/national_pilot_clusters.toml",
                             sets + [snaps(["2016-12"])], R)


def budgets_times(scenario, factor):
    """Every funder's yearly budget, every event's budget for a funder and every step of a
    programme's budget path, times factor."""
    ev = scenario.get("events", [])
    return [f"funders.{i}.annual_budget={factor * f['annual_budget']}" for i, f in enumerate(scenario["funders"])] + [
        f"events.{i}.funder_budget={factor * e['funder_budget']}" for i, e in enumerate(ev)
        if e.get("funder") and e.get("funder_budget", -1) >= 0] + [
        f"programme_budget.{i}.annual_budget={factor * b['annual_budget']}"
        for i, b in enumerate(scenario.get("programme_budget", []))]


def center_times(scenario, factor):
    """Every competence center's training and brokerage capacity and its funding, times factor."""
    return [f"centers.{i}.{k}={factor * c[k]:.6g}" for i, c in enumerate(scenario.get("centers", []))
            if c["kind"] == "competence_center" for k in ("training_capacity", "brokerage_capacity", "funding")]


def run_dose_response(rn, E, R, tomsk_snaps):
    """Doses where the lever should bind (issue 25): grants x2 next to x10 in tomsk and in
    cc_vs_grants_grants; a competence center at a third of its capacity in tomsk and in
    cc_vs_grants_cc (training, brokerage and funding all a third)."""
    tomsk = E["tomsk"].scenario
    E["grants_x2"] = rn.run("grants_x2", "scenarios/tomsk.toml", [tomsk_snaps] + budgets_times(tomsk, 2), R)
    E["cc_third"] = rn.run("cc_third", "scenarios/tomsk.toml", [tomsk_snaps] + center_times(tomsk, 1 / 3), R)
    pair = E["cc_vs_grants_grants"].scenario
    E["pair_grants_x2"] = rn.run("pair_grants_x2", "scenarios/cc_vs_grants_grants.toml", budgets_times(pair, 2), R)
    cc = E["cc_vs_grants_cc"].scenario
    E["pair_cc_third"] = rn.run("pair_cc_third", "scenarios/cc_vs_grants_cc.toml", center_times(cc, 1 / 3), R)


def run_subsidy_null(rn, E, R):
    """national_pilot_clusters without the federal subsidy of 2013-2014 (every event budget of the
    cluster_subsidy funder set to 0): firms' revenue should not differ (the documented null effect
    the issue lists as a calibration moment; not fitted today)."""
    sc = E["national_pilot_clusters"].scenario
    names = {f["name"] for f in sc["funders"] if f.get("kind") == "cluster_subsidy"}
    sets = [f"events.{i}.funder_budget=0" for i, e in enumerate(sc.get("events", [])) if e.get("funder") in names] + [
        f"programme_budget.{i}.annual_budget=0" for i, b in enumerate(sc.get("programme_budget", []))
        if b["funder"] in names]
    E["no_cluster_subsidy"] = rn.run("no_cluster_subsidy", "scenarios/national_pilot_clusters.toml",
                                     sets + [snaps(["2016-12"])], R)


def run_prediction(rn, E, R, quick):
    """sanctions_2022 as shipped with firm snapshots over 2021-2024 (monthly; quarterly in --quick)
    for the per-sector volume index when the program does not write real_output_index_<sector>."""
    months = months_between("2021-01", "2024-12", 3 if quick else 1)
    E["prediction"] = rn.run("prediction", "scenarios/sanctions_2022.toml", [snaps(months)], R)
    for name, _, sets in prediction.sensitivity_runs(E["prediction"].scenario):
        E[name] = rn.run(name, "scenarios/sanctions_2022.toml", sets, R // 2)

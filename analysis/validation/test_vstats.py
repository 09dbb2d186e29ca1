"""Unit tests of the validation statistics (run: /usr/bin/python3 analysis/validation/test_vstats.py).

Each test compares an estimator with synthetic data of known parameters, so a broken estimator
fails here before it can mislead the report.
"""
import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import prediction  # noqa: E402
import provenance  # noqa: E402
import validation_checks  # noqa: E402
import vstats  # noqa: E402


class HillTest(unittest.TestCase):
    def test_pareto_exponent_recovered(self):
        rng = np.random.default_rng(12345)
        for alpha in (1.06, 1.5):
            estimates = []
            for _ in range(20):
                x = (1.0 - rng.random(5000)) ** (-1.0 / alpha)   # P(X > x) = x^-alpha, x >= 1
                estimates.append(vstats.hill_tail_exponent(x, 0.10))
            self.assertAlmostEqual(float(np.mean(estimates)), alpha, delta=0.05 * alpha)

    def test_no_tail(self):
        self.assertEqual(vstats.hill_tail_exponent(np.full(100, 50.0)), float("inf"))

    def test_exponential_tail_is_steeper_than_zipf(self):
        rng = np.random.default_rng(7)
        self.assertGreater(vstats.hill_tail_exponent(rng.exponential(10.0, 5000) + 1), 1.5)


class BassTest(unittest.TestCase):
    def test_recovers_p_q_m(self):
        t = np.arange(0, 15.01, 1 / 12)
        p, q, m = 0.03, 0.38, 500.0
        rng = np.random.default_rng(3)
        y = m * vstats.bass_cdf(t, p, q) + rng.normal(0, 1.0, t.size)
        fit = vstats.bass_fit(t, y)
        self.assertAlmostEqual(fit["p"], p, delta=0.1 * p)
        self.assertAlmostEqual(fit["q"], q, delta=0.1 * q)
        self.assertAlmostEqual(fit["m"], m, delta=0.05 * m)
        self.assertFalse(fit["at_bound"])

    def test_linear_growth_puts_market_at_bound(self):
        t = np.arange(0, 8.01, 1 / 12)
        fit = vstats.bass_fit(t, 10.0 * t)
        self.assertTrue(fit["at_bound"])


class IntervalTest(unittest.TestCase):
    def test_t_interval(self):
        m, lo, hi = vstats.mean_ci([1.0, 2.0, 3.0, 4.0])
        self.assertAlmostEqual(m, 2.5)
        self.assertAlmostEqual(hi - m, 3.182 * np.std([1, 2, 3, 4], ddof=1) / 2, places=6)

    def test_paired(self):
        m, lo, hi = vstats.paired_ci([1, 2, 3], [2, 3, 4])
        self.assertEqual((m, lo, hi), (1.0, 1.0, 1.0))


class NetworkTest(unittest.TestCase):
    def test_clustering_and_paths(self):
        # a triangle plus a pendant node: clustering (1 + 1 + 1/3 + 0) / 4
        adj = vstats.adjacency_lists(4, [(0, 1), (1, 2), (0, 2), (2, 3)])
        self.assertAlmostEqual(vstats.clustering_mean(adj), (1 + 1 + 1 / 3) / 4)
        self.assertAlmostEqual(vstats.mean_path_length(adj, range(4)), (1 + 1 + 2 + 1 + 2 + 1) / 6)

    def test_random_graph_clustering_expectation(self):
        # in G(n, p) the mean local clustering with nodes of degree < 2 counted 0 is
        # p x P(degree >= 2), not p: checked on 300 sampled graphs of a sparse small cluster
        rng = np.random.default_rng(5)
        n, p = 40, 0.07
        values = []
        for _ in range(300):
            upper = np.triu(rng.random((n, n)) < p, 1)
            values.append(vstats.clustering_mean(vstats.adjacency_lists(n, np.argwhere(upper))))
        expected = p * vstats.binomial_at_least_two(n - 1, p)
        self.assertLess(expected, 0.85 * p)
        self.assertAlmostEqual(np.mean(values), expected, delta=0.1 * expected)

    def test_core_periphery(self):
        # a 6-clique core with 2 pendants each: a perfect core-periphery structure
        edges = [(i, j) for i in range(6) for j in range(i + 1, 6)]
        edges += [(i, 6 + 2 * i + k) for i in range(6) for k in range(2)]
        rho, share = vstats.core_periphery_rho(vstats.adjacency_lists(18, edges))
        self.assertGreater(rho, 0.9)
        self.assertAlmostEqual(share, 6 / 18)

    def test_volatility_exponent(self):
        rng = np.random.default_rng(11)
        size = np.exp(rng.uniform(0, 8, 20000))
        g = rng.normal(0, 1, size.size) * size ** -0.2
        self.assertAlmostEqual(vstats.volatility_exponent(np.log(size), g), 0.2, delta=0.03)


class EffectSizeTest(unittest.TestCase):
    """The effect-size verdict replaces one-sided sign tests, which a null effect also passes."""

    def test_null_effect_is_not_established(self):
        # an effect of exactly zero, measured precisely: a sign test "not below 0" passes it,
        # the minimum-effect verdict must not
        rng = np.random.default_rng(1)
        a = 100 + rng.normal(0, 5, 16)
        for direction in (+1, -1):
            self.assertFalse(vstats.effect_size(a, a + rng.normal(0, 0.01, 16), 0.02, direction)["established"])

    def test_large_effect_is_established_in_its_direction_only(self):
        rng = np.random.default_rng(2)
        a = 100 + rng.normal(0, 5, 16)
        b = a + 10 + rng.normal(0, 1, 16)          # +10% of the baseline, precisely measured
        self.assertTrue(vstats.effect_size(a, b, 0.05, +1)["established"])
        self.assertFalse(vstats.effect_size(a, b, 0.05, -1)["established"])
        self.assertAlmostEqual(vstats.effect_size(a, b, 0.05, +1)["rel"][0], 0.1, delta=0.01)

    def test_effect_below_minimum_is_not_established(self):
        # +1% of the baseline with an interval excluding 0 (a sign test passes) but the stated
        # minimum is 5%
        rng = np.random.default_rng(3)
        a = 100 + rng.normal(0, 5, 16)
        e = vstats.effect_size(a, a + 1 + rng.normal(0, 0.1, 16), 0.05, +1)
        self.assertGreater(e["diff"][1], 0)
        self.assertFalse(e["established"])

    def test_relative_interval_is_absolute_over_baseline(self):
        e = vstats.effect_size([10, 10, 10], [11, 12, 13], 0.0, +1)
        self.assertAlmostEqual(e["rel"][0], 0.2)
        self.assertAlmostEqual(e["rel"][1], e["diff"][1] / 10)


class TostTest(unittest.TestCase):
    def test_t95_table(self):
        # one-sided 95% quantiles: df 10 -> 1.812, df 15 -> 1.753, large df -> normal 1.645
        self.assertAlmostEqual(vstats.t95(10), 1.812)
        self.assertAlmostEqual(vstats.t95(15), 1.753)
        self.assertAlmostEqual(vstats.t95(1000), 1.645)

    def test_precise_zero_difference_is_equivalent(self):
        rng = np.random.default_rng(4)
        a = 50 + rng.normal(0, 5, 16)
        self.assertTrue(vstats.tost(a, a + rng.normal(0, 0.2, 16), 1.0)["equivalent"])

    def test_identical_runs_are_equivalent(self):
        self.assertTrue(vstats.tost([1.0, 2.0, 3.0], [1.0, 2.0, 3.0], 1e-9)["equivalent"])

    def test_noisy_zero_difference_is_not_equivalent(self):
        # mean difference near 0 but too noisy to exclude +-margin: a non-significant
        # difference is not equivalence
        rng = np.random.default_rng(5)
        a = 50 + rng.normal(0, 5, 8)
        r = vstats.tost(a, a + rng.normal(0, 5, 8), 1.0)
        self.assertLess(abs(r["diff"][0]), 5.0)
        self.assertFalse(r["equivalent"])

    def test_real_difference_is_not_equivalent(self):
        rng = np.random.default_rng(6)
        a = 50 + rng.normal(0, 5, 16)
        self.assertFalse(vstats.tost(a, a + 2.0 + rng.normal(0, 0.1, 16), 1.0)["equivalent"])

    def test_size_at_the_margin(self):
        # true difference exactly at the margin: equivalence is declared in at most ~5% of
        # samples (the TOST's size); 2000 samples, bound 8%
        rng = np.random.default_rng(7)
        hits = sum(vstats.tost(np.zeros(12), 1.0 + rng.normal(0, 1, 12), 1.0)["equivalent"]
                   for _ in range(2000))
        self.assertLess(hits / 2000, 0.08)


class ProvenanceTest(unittest.TestCase):
    """The report refuses docs/ from a -dirty build or a dirty tree unless --allow-dirty."""

    @staticmethod
    def prov(build_dirty=False, tree_dirty=False):
        return dict(version="clustersim 0.1.0 (abc" + ("-dirty" if build_dirty else "") + ", Release)",
                    commit="abc", build_dirty=build_dirty, tree_dirty=tree_dirty,
                    dirty=build_dirty or tree_dirty, changed=["M x"] if tree_dirty else [])

    def test_dirty_build_or_tree_refused_in_docs(self):
        for p in (self.prov(build_dirty=True), self.prov(tree_dirty=True)):
            self.assertTrue(provenance.refusal(p, "/r/docs", "/r/docs", False))

    def test_allowed_elsewhere_or_with_flag_or_clean(self):
        self.assertFalse(provenance.refusal(self.prov(build_dirty=True), "/tmp/q", "/r/docs", False))
        self.assertFalse(provenance.refusal(self.prov(build_dirty=True), "/r/docs", "/r/docs", True))
        self.assertFalse(provenance.refusal(self.prov(), "/r/docs", "/r/docs", False))

    def test_dirty_report_says_so(self):
        self.assertIn("Not from a clean commit", provenance.header_lines(self.prov(build_dirty=True))[0])
        self.assertNotIn("clean commit", " ".join(provenance.header_lines(self.prov())))


class SizesHorizonTest(unittest.TestCase):
    """The Hill row is checked 20 years after the equal start, or at the end of a shorter run,
    never silently at a later month."""

    def test_the_horizon_when_present_else_the_end_of_a_shorter_run(self):
        self.assertEqual(validation_checks.sizes_horizon(["2013-01", "2032-12", "2052-12"]), "2032-12")
        self.assertEqual(validation_checks.sizes_horizon(["2013-01", "2020-12", "2024-12"]), "2024-12")

    def test_a_longer_run_without_the_horizon_is_refused(self):
        with self.assertRaises(ValueError):
            validation_checks.sizes_horizon(["2013-01", "2030-12", "2052-12"])


class PredictionSensitivityTest(unittest.TestCase):
    """The sensitivity rows rerun sanctions_2022 with each fitted key at the ends of its interval,
    and refuse a scenario that ships other values than the fit the table describes."""

    def scenario(self, values):
        """A scenario dict holding `values` (fitted key -> value), with a sector not fitted."""
        scenario = {"sectors": [{"name": "pharma", "input_cost_share": 0.5}], "parameters": {}}
        for key, value in values.items():
            parts = key.split(".")
            if parts[0] == "sectors":
                scenario["sectors"].append({"name": parts[1], parts[2]: value})
            else:
                scenario.setdefault(parts[0], {}).setdefault(parts[1], {})[parts[2]] = value
        return scenario

    def fitted(self):
        return {k: v[0] for k, v in prediction.FITTED_KEYS.items()}

    def test_each_key_at_both_ends_by_its_path(self):
        runs = prediction.sensitivity_runs(self.scenario(self.fitted()))
        expected = [[f"{key}={v!r}"] for key, (estimate, low, high) in prediction.FITTED_KEYS.items()
                    for v in (low, high) if v != estimate]
        self.assertEqual([r[2] for r in runs], expected)
        self.assertGreaterEqual(len(runs), len(prediction.FITTED_KEYS))
        self.assertIn("parameters.production.cost_shock", prediction.FITTED_KEYS)

    def test_an_end_at_the_estimate_is_not_rerun(self):
        saved = dict(prediction.FITTED_KEYS)
        try:
            prediction.FITTED_KEYS.clear()
            prediction.FITTED_KEYS.update({"sectors.a.input_cost_share": (0.3, 0.3, 0.5),
                                           "parameters.production.cost_shock": (0.1, 0.05, 0.15)})
            runs = prediction.sensitivity_runs(self.scenario(self.fitted()))
        finally:
            prediction.FITTED_KEYS.clear()
            prediction.FITTED_KEYS.update(saved)
        self.assertEqual([r[2] for r in runs], [["sectors.a.input_cost_share=0.5"],
                                                ["parameters.production.cost_shock=0.05"],
                                                ["parameters.production.cost_shock=0.15"]])

    def test_a_scenario_without_a_fitted_key_is_refused(self):
        for key in prediction.FITTED_KEYS:
            values = self.fitted()
            del values[key]
            with self.assertRaises(ValueError, msg=key):
                prediction.sensitivity_runs(self.scenario(values))

    def test_a_scenario_with_other_values_is_refused(self):
        for key in prediction.FITTED_KEYS:
            values = self.fitted()
            values[key] += 0.01
            with self.assertRaises(ValueError, msg=key):
                prediction.sensitivity_runs(self.scenario(values))


if __name__ == "__main__":
    unittest.main()

"""Unit tests of the validation statistics (run: /usr/bin/python3 analysis/validation/test_vstats.py).

Each test compares an estimator with synthetic data of known parameters, so a broken estimator
fails here before it can mislead the report.
"""
import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
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


if __name__ == "__main__":
    unittest.main()

"""Statistics helpers of the validation report (numpy only, so the report needs no scipy).

Every interval here is a normal-theory (Student t) approximation: mean +- t(0.975, n-1) * sd / sqrt(n)
over independent replications, or over paired differences of replications run with the same seed
(common random numbers).
"""
from __future__ import annotations

import math
from collections import deque

import numpy as np

# Two-sided 97.5% quantiles of Student's t for 1..30 degrees of freedom; beyond that the normal 1.96
# is within 2% (scipy is not available, so the table is written out).
_T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179,
         2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
         2.060, 2.056, 2.052, 2.048, 2.045, 2.042]


def t975(df: int) -> float:
    if df < 1:
        return float("nan")
    if df <= len(_T975):
        return _T975[df - 1]
    if df <= 60:
        return 2.000 + (2.042 - 2.000) * (60 - df) / 30.0
    return 1.96


def mean_ci(values) -> tuple[float, float, float]:
    """Mean and 95% t interval of independent values (NaNs dropped). One value: interval = value."""
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    n = x.size
    if n == 0:
        return (float("nan"),) * 3
    m = float(x.mean())
    if n == 1:
        return m, m, m
    half = t975(n - 1) * float(x.std(ddof=1)) / math.sqrt(n)
    return m, m - half, m + half


def paired_ci(a, b) -> tuple[float, float, float]:
    """Mean of b - a over paired replications and its 95% t interval."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    return mean_ci(b - a)


# One-sided 95% quantiles of Student's t (two-sided 90%) for 1..30 degrees of freedom: the
# 90% interval that a TOST at the 5% level uses (Schuirmann 1987).
_T95 = [6.314, 2.920, 2.353, 2.132, 2.015, 1.943, 1.895, 1.860, 1.833, 1.812, 1.796, 1.782,
        1.771, 1.761, 1.753, 1.746, 1.740, 1.734, 1.729, 1.725, 1.721, 1.717, 1.714, 1.711,
        1.708, 1.706, 1.703, 1.701, 1.699, 1.697]


def t95(df: int) -> float:
    if df < 1:
        return float("nan")
    if df <= len(_T95):
        return _T95[df - 1]
    if df <= 60:
        return 1.671 + (1.697 - 1.671) * (60 - df) / 30.0
    return 1.645


def _paired_diffs(a, b) -> np.ndarray:
    d = np.asarray(b, dtype=float) - np.asarray(a, dtype=float)
    return d[np.isfinite(d)]


def effect_size(a, b, min_effect: float, direction: int) -> dict:
    """Paired effect of b against the baseline a (common random numbers): mean difference b - a
    with its 95% t interval, the same relative to the baseline mean (treated as known), and the
    verdict on a minimum effect: established when the whole 95% interval lies beyond
    min_effect x |baseline mean| in the expected direction (+1 more, -1 less). A null effect
    (interval around 0) is never established, whatever its sign; nor is an effect smaller than
    the minimum however precisely it is measured."""
    d = _paired_diffs(a, b)
    base = float(np.mean(np.asarray(a, dtype=float)))
    m, lo, hi = mean_ci(d)
    scale = abs(base) if base else float("nan")
    bar = min_effect * abs(base)
    beyond = lo >= bar if direction > 0 else hi <= -bar
    return dict(diff=(m, lo, hi), rel=(m / scale, lo / scale, hi / scale), base=base,
                min_effect=min_effect, bar=bar, direction=direction, n=int(d.size),
                established=bool(np.isfinite(m) and beyond))


def tost(a, b, margin: float) -> dict:
    """Two one-sided tests (Schuirmann 1987) for equivalence of paired replications: b - a is
    equivalent to 0 within +-margin (absolute units) at the 5% level when the 90% t interval of
    the mean difference lies inside (-margin, margin). Noisy data with a zero mean difference are
    NOT equivalent: absence of evidence is not evidence of absence. Identical runs (all
    differences 0) are equivalent for any positive margin."""
    d = _paired_diffs(a, b)
    n = d.size
    if n == 0:
        return dict(diff=(float("nan"),) * 3, margin=margin, equivalent=False, n=0)
    m = float(d.mean())
    half = t95(n - 1) * float(d.std(ddof=1)) / math.sqrt(n) if n > 1 else float("inf")
    if n > 1 and float(d.std(ddof=1)) == 0.0:
        half = 0.0
    lo, hi = m - half, m + half
    return dict(diff=(m, lo, hi), margin=margin, n=int(n),
                equivalent=bool(margin > 0 and -margin < lo and hi < margin))


# ---------------------------------------------------------------- firm sizes

def hill_tail_exponent(sizes, top_share: float = 0.10) -> float:
    """Hill estimator of the Pareto exponent alpha (P(S > s) ~ s^-alpha) on the largest
    top_share of the sample: k = max(2, round(top_share * n)) order statistics above the threshold
    X_(k+1); alpha = k / sum_{i<=k} ln(X_(i) / X_(k+1)). Returns inf when the top k are all equal to
    the threshold (no tail at all) and NaN for samples too small."""
    x = np.sort(np.asarray(sizes, dtype=float))[::-1]
    x = x[np.isfinite(x) & (x > 0)]
    n = x.size
    k = max(2, int(round(top_share * n)))
    if n < k + 1:
        return float("nan")
    threshold = x[k]
    s = float(np.sum(np.log(x[:k] / threshold)))
    if s <= 0:
        return float("inf")
    return k / s


def ols_slope(x, y) -> float:
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    ok = np.isfinite(x) & np.isfinite(y)
    x, y = x[ok], y[ok]
    if x.size < 3 or np.ptp(x) == 0:
        return float("nan")
    xc = x - x.mean()
    return float(np.sum(xc * (y - y.mean())) / np.sum(xc * xc))


def volatility_exponent(log_size, growth, bins: int = 6, min_per_bin: int = 8) -> float:
    """beta in sd(growth | size) ~ size^-beta: growth observations are split into equal-count bins of
    log size; beta = -slope of ln sd(growth) on mean ln size across bins."""
    ls = np.asarray(log_size, dtype=float)
    g = np.asarray(growth, dtype=float)
    ok = np.isfinite(ls) & np.isfinite(g)
    ls, g = ls[ok], g[ok]
    if ls.size < bins * min_per_bin:
        bins = max(2, ls.size // min_per_bin)
    if ls.size < 2 * min_per_bin:
        return float("nan")
    order = np.argsort(ls, kind="stable")
    xs, ys = [], []
    for chunk in np.array_split(order, bins):
        sd = np.std(g[chunk], ddof=1)
        if sd > 0:
            xs.append(ls[chunk].mean())
            ys.append(math.log(sd))
    if len(xs) < 2:
        return float("nan")
    return -ols_slope(xs, ys)


# ---------------------------------------------------------------- Bass diffusion

def bass_cdf(t, p: float, q: float):
    """Bass (1969) cumulative adoption share F(t) = (1 - e^-(p+q)t) / (1 + (q/p) e^-(p+q)t)."""
    t = np.asarray(t, dtype=float)
    e = np.exp(-(p + q) * t)
    return (1.0 - e) / (1.0 + (q / p) * e)


def bass_fit(t, y, m_bound_factor: float = 20.0, p_grid=None, q_grid=None) -> dict:
    """Least-squares fit of y(t) = m F(t; p, q) by a grid over (p, q) with m solved in closed form
    (m = sum(F y) / sum(F^2)), clipped to [max(y), m_bound_factor * max(y)], then one local grid
    refinement. Returns p, q, m, sse, r2, reached (last y / m) and at_bound (m within 5% of its upper
    bound: the data show no saturation, so the market size is not identified)."""
    t = np.asarray(t, dtype=float)
    y = np.asarray(y, dtype=float)
    ymax = float(np.max(y)) if y.size else 0.0
    if ymax <= 0:
        return dict(p=float("nan"), q=float("nan"), m=float("nan"), sse=float("nan"),
                    r2=float("nan"), at_bound=False, m_bound=0.0)
    m_lo, m_hi = ymax, m_bound_factor * ymax
    if p_grid is None:
        p_grid = np.geomspace(1e-4, 2.0, 90)
    if q_grid is None:
        q_grid = np.concatenate([[0.0], np.geomspace(1e-3, 5.0, 90)])

    def search(pg, qg):
        best = None
        for p in pg:
            F = bass_cdf(t[None, :], p, qg[:, None])        # (len(qg), T)
            den = np.sum(F * F, axis=1)
            m = np.where(den > 0, np.sum(F * y[None, :], axis=1) / np.where(den > 0, den, 1), m_hi)
            m = np.clip(m, m_lo, m_hi)
            sse = np.sum((m[:, None] * F - y[None, :]) ** 2, axis=1)
            j = int(np.argmin(sse))
            if best is None or sse[j] < best[0]:
                best = (float(sse[j]), float(p), float(qg[j]), float(m[j]))
        return best

    sse, p, q, m = search(np.asarray(p_grid), np.asarray(q_grid))
    # local refinement around the best grid point
    pg = np.geomspace(p / 1.3, p * 1.3, 25)
    qg = np.unique(np.concatenate([[0.0], np.geomspace(max(q, 1e-3) / 1.3, max(q, 1e-3) * 1.3, 25)]))
    sse2, p2, q2, m2 = search(pg, qg)
    if sse2 <= sse:
        sse, p, q, m = sse2, p2, q2, m2
    sst = float(np.sum((y - y.mean()) ** 2))
    return dict(p=p, q=q, m=m, sse=sse, r2=1 - sse / sst if sst > 0 else float("nan"),
                at_bound=bool(m >= 0.95 * m_hi), m_bound=m_hi,
                reached=float(y[-1] / m) if m > 0 else float("nan"))


# ---------------------------------------------------------------- networks

def adjacency_lists(n: int, edges) -> list[list[int]]:
    adj = [[] for _ in range(n)]
    for a, b in edges:
        if a != b:
            adj[a].append(b)
            adj[b].append(a)
    return [sorted(set(x)) for x in adj]


def binomial_at_least_two(m: int, p: float) -> float:
    """P(K >= 2) for K ~ Binomial(m, p): the share of nodes of G(m + 1, p) with degree >= 2."""
    if m < 2 or p <= 0:
        return 0.0
    q = 1.0 - p
    return max(0.0, 1.0 - q ** m - m * p * q ** (m - 1))


def clustering_mean(adj) -> float:
    """Mean local clustering coefficient; nodes of degree < 2 count 0 (as the program's metric)."""
    sets = [set(a) for a in adj]
    total = 0.0
    for i, nb in enumerate(adj):
        k = len(nb)
        if k < 2:
            continue
        links = sum(1 for x in range(k) for y in range(x + 1, k) if nb[y] in sets[nb[x]])
        total += 2.0 * links / (k * (k - 1))
    return total / len(adj) if adj else float("nan")


def components(adj) -> list[list[int]]:
    seen = [False] * len(adj)
    comps = []
    for s in range(len(adj)):
        if seen[s]:
            continue
        seen[s] = True
        comp, dq = [s], deque([s])
        while dq:
            u = dq.popleft()
            for v in adj[u]:
                if not seen[v]:
                    seen[v] = True
                    comp.append(v)
                    dq.append(v)
        comps.append(comp)
    return comps


def mean_path_length(adj, nodes, max_sources: int = 150, rng=None) -> float:
    """Mean shortest-path length within the node set (a connected component), by BFS from all
    nodes or from max_sources sampled sources."""
    nodes = list(nodes)
    if len(nodes) < 2:
        return float("nan")
    sources = nodes
    if len(nodes) > max_sources:
        rng = rng or np.random.default_rng(0)
        sources = list(rng.choice(nodes, size=max_sources, replace=False))
    total, count = 0, 0
    for s in sources:
        dist = {s: 0}
        dq = deque([s])
        while dq:
            u = dq.popleft()
            for v in adj[u]:
                if v not in dist:
                    dist[v] = dist[u] + 1
                    dq.append(v)
        total += sum(dist.values())
        count += len(dist) - 1
    return total / count if count else float("nan")


def core_periphery_rho(adj, max_nodes: int = 1500) -> tuple[float, float]:
    """Borgatti-Everett (1999) discrete core-periphery fit: nodes ranked by degree, the core is the
    top c nodes; rho is the Pearson correlation between the adjacency and the ideal pattern (1 for
    core-core pairs, 0 for periphery-periphery pairs; core-periphery pairs left out), maximised over
    c. Returns (rho, core share). Only nodes with at least one link enter."""
    deg = np.array([len(a) for a in adj])
    nodes = np.flatnonzero(deg > 0)
    if nodes.size < 4:
        return float("nan"), float("nan")
    if nodes.size > max_nodes:
        nodes = nodes[np.argsort(-deg[nodes], kind="stable")[:max_nodes]]
    order = nodes[np.argsort(-deg[nodes], kind="stable")]
    n = order.size
    pos = {int(v): i for i, v in enumerate(order)}
    A = np.zeros((n, n), dtype=np.int8)
    for v in order:
        i = pos[int(v)]
        for w in adj[int(v)]:
            j = pos.get(w)
            if j is not None:
                A[i, j] = 1
    # cumulative sums give, for each core size c, the links and pairs inside core and periphery
    S = A.astype(np.int64).cumsum(0).cumsum(1)
    total_links = int(A.sum()) // 2
    best = (-2.0, float("nan"))
    for c in range(2, n - 1):
        core_links = int(S[c - 1, c - 1]) // 2
        core_pairs = c * (c - 1) // 2
        cross_links = int(S[c - 1, n - 1] - S[c - 1, c - 1])
        peri_links = total_links - core_links - cross_links
        peri_pairs = (n - c) * (n - c - 1) // 2
        npairs = core_pairs + peri_pairs
        links = core_links + peri_links
        if npairs == 0 or links == 0 or links == npairs:
            continue
        # Pearson correlation of two 0/1 vectors over the included pairs
        mean_a = links / npairs
        mean_i = core_pairs / npairs
        cov = core_links / npairs - mean_a * mean_i
        var_a = mean_a * (1 - mean_a)
        var_i = mean_i * (1 - mean_i)
        if var_a <= 0 or var_i <= 0:
            continue
        rho = cov / math.sqrt(var_a * var_i)
        if rho > best[0]:
            best = (rho, c / n)
    return best


def random_graph_edges(n: int, n_links: int, rng) -> np.ndarray:
    """Erdos-Renyi G(n, M) edges (for the core-periphery reference)."""
    edges = set()
    while len(edges) < n_links:
        a, b = rng.integers(0, n, size=2)
        if a != b:
            edges.add((min(a, b), max(a, b)))
    return np.array(sorted(edges), dtype=np.int64).reshape(-1, 2)

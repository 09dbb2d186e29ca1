#pragma once
// Global sensitivity analysis: the samples and the estimators of the Morris screening and
// of Sobol indices. A study draws its design here, has every point evaluated (by the
// model, through the experiments runner, or by a test function with known indices), and
// computes the indices here from the outputs in the design's row order.
#include <cstdint>
#include <vector>

#include "analysis/designs.hpp"

namespace clustersim {

// ---- Morris (Morris 1991; mu* of Campolongo, Cariboni and Saltelli 2007) ----

struct MorrisOptions {
  int trajectories = 10;  // r
  int levels = 4;         // p: the grid has p values per parameter, steps of p / (2(p-1))
  std::uint64_t seed = 1;
};

// r trajectories of k + 1 points each (rows r*(k+1) .. r*(k+1)+k): each starts at a
// random grid point and moves one parameter at a time, in random order, by one step.
Design morris_design(const std::vector<ParameterRange>& ranges, const MorrisOptions& options);

struct MorrisEffect {
  double mu_star = 0;  // mean |elementary effect|: importance
  double mu = 0;       // mean elementary effect: sign
  double sigma = 0;    // their standard deviation: interactions or non-linearity
};

// Elementary effects are the change in the output when a parameter moves over its whole
// range (the step scaled to the range), so mu* is in the output's units.
std::vector<MorrisEffect> morris_effects(const Design& design, const std::vector<double>& outputs,
                                         const std::vector<ParameterRange>& ranges,
                                         const MorrisOptions& options);

// ---- Sobol (Saltelli 2002 sampling; Jansen 1999 estimators, as in Saltelli et al. 2010) ----

struct SobolOptions {
  int base_points = 512;  // N: rows of each of the matrices A and B
  int bootstrap = 1000;   // resamples for the intervals
  std::uint64_t seed = 1;
};

// N (k + 2) rows: A, then B, then for each parameter i the matrix A with column i taken
// from B. A and B are independent Latin hypercubes.
Design saltelli_design(const std::vector<ParameterRange>& ranges, const SobolOptions& options);

struct IndexEstimate {
  double value = 0, low = 0, high = 0;  // estimate and 95% bootstrap percentile interval
};

struct SobolIndices {
  std::vector<IndexEstimate> first, total;  // per parameter
  double variance = 0;                      // of the output over A and B
};

// `outputs` in saltelli_design's row order.
SobolIndices sobol_indices(const std::vector<double>& outputs, int parameters,
                           const SobolOptions& options);

// ---- The model's own noise ----

// Of the variance of the point means (each the mean of a point's replications), the
// share that the replications' own spread explains: mean within-point variance / reps
// over the variance of the means. Near 0: differences between points are the
// parameters'; near 1: they are noise. NaN with one replication: not estimable.
double noise_share(const std::vector<std::vector<double>>& replicate_outputs);

// The mean of each point's replications.
std::vector<double> point_means(const std::vector<std::vector<double>>& replicate_outputs);

}  // namespace clustersim

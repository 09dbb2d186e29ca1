#pragma once
// Calibration by the method of simulated moments (McFadden 1989; Pakes and Pollard 1989;
// Lee and Ingram 1991; for agent-based models Franke and Westerhoff 2012): the parameters
// in a box are chosen so that moments simulated at them come as close as their precision
// allows to observed moments. The model is a callback, so nothing here knows what it
// simulates; docs/calibration.md gives the equations and the targets file.
#include <atomic>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "analysis/designs.hpp"
#include "analysis/moments.hpp"
#include "sim/dataset.hpp"

namespace clustersim {

// The moments of every replication at the parameters `theta` (in the order of the
// problem's ranges): R rows (R >= 2, the same R every call), each with one value per
// target, in the targets' order. Common random numbers are the callback's duty: it must
// run the same R replication seeds for every theta, so that the distance is a smooth
// function of theta rather than noise, and differences between candidates are the
// parameters' (a model on clustersim's RandomStream gets this by keying its streams by
// replication, never by theta). It may throw Interrupted to stop the calibration.
using MomentSimulator =
    std::function<std::vector<std::vector<double>>(const std::vector<double>& theta)>;

struct CalibrationProblem {
  std::vector<MomentTarget> targets;
  std::vector<ParameterRange> parameters;  // the box searched
  MomentSimulator simulate;
};

enum class LocalOptimiser { bobyqa, sbplx };  // NLopt's LN_BOBYQA (Powell 2009), LN_SBPLX

struct CalibrationProgress {
  int evaluations = 0;  // so far, every stage included
  std::string stage;    // "pilot", "start 3/8", "second step", "derivatives"
  double distance = 0;  // J at the point just evaluated
  double best = 0;      // the least J of the stage so far
};

struct CalibrationOptions {
  int starts = 4;                   // local searches from a seeded Latin hypercube
  int evaluations_per_start = 200;  // the cap of each local search
  LocalOptimiser optimiser = LocalOptimiser::bobyqa;
  std::uint64_t seed = 1;   // of the starting points
  double tolerance = 1e-5;  // on the parameters, as a share of their ranges
  // Of the finite differences, as a share of the ranges: 5%, since with 2% count moments
  // (projects, firms) moved by a handful of discrete events and the slopes were noise.
  double derivative_step = 0.05;
  // Re-estimate the weights at the first optimum and search again from it (two-step
  // efficient GMM, Hansen 1982); else the weights of the pilot point (the box's centre).
  bool two_step = true;
  const std::atomic<bool>* stop = nullptr;  // checked before every evaluation
  std::function<void(const CalibrationProgress&)> progress;
};

struct MomentFit {
  MomentTarget target;
  double simulated = 0;     // mean over the replications at the estimate
  double simulated_sd = 0;  // their standard deviation there
  double weight = 0;        // the diagonal of W
  double variance = 0;      // of (simulated - target): the diagonal of S
  double z = 0;             // (simulated - target) / sqrt(variance)
};

struct ParameterEstimate {
  std::string key;
  double value = 0, low = 0, high = 0;  // the estimate and the box
  double standard_error = 0;            // NaN when not identified
  double ci_low = 0, ci_high = 0;       // 95% (value -+ 1.96 se), NaN when not identified
  bool at_bound = false;   // within 0.1% of the range from a bound: the interval is suspect
  bool identified = true;  // false: the moments barely depend on it (see calibration.cpp)
};

struct CalibrationResult {
  std::vector<ParameterEstimate> parameters;
  std::vector<MomentFit> moments;
  double distance = 0;         // J at the estimate
  int degrees_of_freedom = 0;  // moments - parameters
  double p_value = 0;          // of J under chi-square(dof); NaN when dof < 1 or any weight is
                               // the user's (then J is not chi-square)
  bool identified = true;      // every parameter identified (G'WG not singular)
  bool stopped = false;        // by the stop flag: best point so far, no intervals
  // The intervals assume the estimate minimises J. Among the points one derivative step
  // away (two per parameter, one at a bound), the lowest J and where it lies: below J at
  // the estimate, the search stopped short of the minimum (or J is rough there) and
  // converged is false; false too for a stopped search or an undefined J.
  bool converged = true;
  double neighbour_distance = std::numeric_limits<double>::quiet_NaN();
  std::string better_neighbour;  // "key +" or "key -" when not converged
  int evaluations = 0, replications = 0;
  long runs = 0;                       // evaluations x replications
  std::string optimiser;               // "LN_BOBYQA" or "LN_SBPLX"
  double derivative_step = 0;          // of the intervals' finite differences (provenance)
  Design starts, ends;                 // each local search's first and last point (starts x params)
  std::vector<double> start_distance;  // J at each search's end
};

// Runs the calibration. Throws std::invalid_argument for an empty box or targets, a range
// with low >= high, or a callback whose rows do not match; exceptions of the callback
// pass through (Interrupted only ends the search, see CalibrationResult::stopped).
CalibrationResult calibrate(const CalibrationProblem& problem, const CalibrationOptions& options);

// The /calibration group of a results file (docs/calibration.md).
DatasetGroup to_datasets(const CalibrationResult& result);

// A scenario that extends `extends` (written as given, relative to the new file) with the
// fitted values as dotted keys at the top level (`parameters.transfer.rate = 0.0734`), so
// they merge over the tables of the file extended. Keys crossing an array of tables
// cannot be written so: a numeric segment is refused (std::invalid_argument).
std::string fitted_scenario_text(const CalibrationResult& result, const std::string& extends);

}  // namespace clustersim

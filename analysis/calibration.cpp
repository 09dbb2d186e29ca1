#include "analysis/calibration.hpp"

#include <Eigen/Dense>
#include <boost/math/distributions/chi_squared.hpp>
#include <cctype>
#include <cmath>
#include <exception>
#include <limits>
#include <nlopt.hpp>
#include <sstream>
#include <stdexcept>

#include "sim/interrupt.hpp"
#include "sim/schema_io.hpp"

namespace clustersim {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// J of a candidate at which some moment is undefined (NaN or infinite): finite, so the
// optimisers (which fail on NaN) simply move away, and far above any real fit.
constexpr double kUndefinedDistance = 1e30;
// A parameter this close to a bound (share of its range) is flagged: the normal interval
// assumes an interior optimum.
constexpr double kBoundShare = 1e-3;
// Eigenvalues of G'WG below this share of the largest are taken as zero; a parameter
// whose direction lies more than kNullShare (squared) in their span is not identified.
constexpr double kSingularRatio = 1e-8;
constexpr double kNullShare = 0.25;
constexpr double kZ95 = 1.959963984540054;
// BOBYQA's and Sbplx's first step in the unit cube: a tenth of every range.
constexpr double kInitialStep = 0.1;

struct SimulatedMoments {
  std::vector<double> mean, variance;  // over the replications; variance unbiased
  int replications = 0;
};

// The diagonal weights W and the variance S of (simulated - target) per moment.
struct Weighting {
  std::vector<double> weight, variance;
};

SimulatedMoments summarise(const std::vector<std::vector<double>>& rows, std::size_t moments) {
  if (rows.size() < 2)
    throw std::invalid_argument("calibrate: the simulator must return at least 2 replications");
  SimulatedMoments out{std::vector<double>(moments, 0.0), std::vector<double>(moments, 0.0),
                       int(rows.size())};
  for (const auto& row : rows) {
    if (row.size() != moments)
      throw std::invalid_argument("calibrate: the simulator returned " +
                                  std::to_string(row.size()) + " moments, expected " +
                                  std::to_string(moments));
    for (std::size_t i = 0; i < moments; ++i) out.mean[i] += row[i] / double(rows.size());
  }
  for (const auto& row : rows)
    for (std::size_t i = 0; i < moments; ++i)
      out.variance[i] += (row[i] - out.mean[i]) * (row[i] - out.mean[i]) / double(rows.size() - 1);
  return out;
}

// A target with a standard error: its data variance is se^2, so S = se^2 + var/R and
// W = 1/S (efficient). A target with a weight: the observed value is taken as one draw of
// the model (Lee and Ingram 1991), S = var (1 + 1/R), and W is the user's weight.
Weighting weighting(const std::vector<MomentTarget>& targets, const SimulatedMoments& at) {
  Weighting w;
  const double r = at.replications;
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const auto& target = targets[i];
    const double simulation = at.variance[i] / r;
    if (target.standard_error > 0) {
      w.variance.push_back(target.standard_error * target.standard_error + simulation);
      w.weight.push_back(1.0 / w.variance.back());
    } else {
      w.variance.push_back(at.variance[i] + simulation);
      w.weight.push_back(target.weight);
    }
  }
  return w;
}

bool efficient(const std::vector<MomentTarget>& targets) {
  for (const auto& target : targets)
    if (!(target.standard_error > 0)) return false;
  return true;
}

double distance(const std::vector<MomentTarget>& targets, const std::vector<double>& simulated,
                const Weighting& w) {
  double sum = 0;
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const double gap = simulated[i] - targets[i].value;
    if (!std::isfinite(gap)) return kUndefinedDistance;
    sum += w.weight[i] * gap * gap;
  }
  return sum;
}

std::vector<double> to_parameters(const std::vector<ParameterRange>& box,
                                  const std::vector<double>& unit) {
  std::vector<double> theta(box.size());
  for (std::size_t p = 0; p < box.size(); ++p)
    theta[p] = box[p].low + unit[p] * (box[p].high - box[p].low);
  return theta;
}

// Every call of the simulator goes through here: the stop flag, the counts and progress.
class Evaluator {
 public:
  Evaluator(const CalibrationProblem& problem, const CalibrationOptions& options)
      : problem_(problem), options_(options) {}

  SimulatedMoments moments_at(const std::vector<double>& unit) {
    throw_if_set(options_.stop);
    auto rows = problem_.simulate(to_parameters(problem_.parameters, unit));
    auto moments = summarise(rows, problem_.targets.size());
    if (replications_ == 0) replications_ = moments.replications;
    if (moments.replications != replications_)
      throw std::invalid_argument("calibrate: the simulator changed its number of replications");
    ++evaluations_;
    return moments;
  }

  // J at `unit` under `weights`, remembered when it is the stage's best.
  double distance_at(const std::vector<double>& unit, const Weighting& weights) {
    auto moments = moments_at(unit);
    const double j = distance(problem_.targets, moments.mean, weights);
    if (j < best_distance_) {
      best_distance_ = j;
      best_unit_ = unit;
      best_moments_ = std::move(moments);
    }
    report(j);
    return j;
  }

  void begin_stage(std::string name) {
    stage_ = std::move(name);
    best_distance_ = std::numeric_limits<double>::infinity();
    best_unit_.clear();
  }
  void report(double j) const {
    if (options_.progress) options_.progress({evaluations_, stage_, j, best_distance_});
  }

  bool has_best() const { return !best_unit_.empty(); }
  const std::vector<double>& best_unit() const { return best_unit_; }
  const SimulatedMoments& best_moments() const { return best_moments_; }
  int evaluations() const { return evaluations_; }
  int replications() const { return replications_; }

 private:
  const CalibrationProblem& problem_;
  const CalibrationOptions& options_;
  int evaluations_ = 0, replications_ = 0;
  std::string stage_;
  double best_distance_ = std::numeric_limits<double>::infinity();
  std::vector<double> best_unit_;
  SimulatedMoments best_moments_;
};

struct LocalResult {
  std::vector<double> unit;
  double distance = std::numeric_limits<double>::infinity();
};

nlopt::algorithm algorithm_of(LocalOptimiser optimiser) {
  return optimiser == LocalOptimiser::sbplx ? nlopt::LN_SBPLX : nlopt::LN_BOBYQA;
}

// One bounded local search in the unit cube. NLopt swallows a callback's exceptions, so
// they are kept here, NLopt is told to stop, and they are thrown again afterwards
// (Interrupted included: the stop flag ends the search between evaluations).
LocalResult local_search(Evaluator& evaluator, const Weighting& weights,
                         const std::vector<double>& start, const CalibrationOptions& options) {
  const auto n = unsigned(start.size());
  nlopt::opt opt(algorithm_of(options.optimiser), n);
  opt.set_lower_bounds(std::vector<double>(n, 0.0));
  opt.set_upper_bounds(std::vector<double>(n, 1.0));
  opt.set_maxeval(options.evaluations_per_start);
  opt.set_xtol_abs(options.tolerance);
  opt.set_initial_step(kInitialStep);
  struct Context {
    Evaluator& evaluator;
    const Weighting& weights;
    LocalResult best;
    std::exception_ptr error;
  } context{evaluator, weights, {}, nullptr};
  opt.set_min_objective(
      [](const std::vector<double>& x, std::vector<double>&, void* data) {
        auto& c = *static_cast<Context*>(data);
        try {
          const double j = c.evaluator.distance_at(x, c.weights);
          if (j < c.best.distance) c.best = {x, j};
          return j;
        } catch (...) {
          c.error = std::current_exception();
          throw nlopt::forced_stop();
        }
      },
      &context);
  std::vector<double> x = start;
  double f = 0;
  try {
    opt.optimize(x, f);
  } catch (const nlopt::forced_stop&) {
  } catch (const nlopt::roundoff_limited&) {  // the best point so far stands
  }
  if (context.error) std::rethrow_exception(context.error);
  return context.best;
}

// Local searches from a Latin hypercube of starting points; the best end point.
std::vector<double> search_from_starts(Evaluator& evaluator, const Weighting& weights,
                                       const CalibrationOptions& options, std::size_t n,
                                       CalibrationResult& result) {
  const std::vector<ParameterRange> cube(n, ParameterRange{"", 0, 1});
  const Design starts = latin_hypercube(cube, options.starts, options.seed);
  LocalResult best;
  for (std::size_t s = 0; s < starts.size(); ++s) {
    evaluator.begin_stage("start " + std::to_string(s + 1) + "/" + std::to_string(starts.size()));
    const LocalResult end = local_search(evaluator, weights, starts[s], options);
    result.starts.push_back(starts[s]);
    result.ends.push_back(end.unit);
    result.start_distance.push_back(end.distance);
    if (end.distance < best.distance) best = end;
  }
  return best.unit;
}

// The moments' fit at the estimate: simulated values, weights, z and J.
void record_fit(const std::vector<MomentTarget>& targets, const SimulatedMoments& at,
                const Weighting& weights, CalibrationResult& result) {
  result.moments.clear();
  for (std::size_t i = 0; i < targets.size(); ++i) {
    MomentFit fit;
    fit.target = targets[i];
    fit.simulated = at.mean[i];
    fit.simulated_sd = std::sqrt(at.variance[i]);
    fit.weight = weights.weight[i];
    fit.variance = weights.variance[i];
    fit.z = (fit.simulated - fit.target.value) / std::sqrt(fit.variance);
    result.moments.push_back(fit);
  }
  result.distance = distance(targets, at.mean, weights);
}

// G = dm/du (moments x parameters, u the unit cube) by central differences on common
// random numbers, one-sided where a step would leave the box; and J at the points
// stepped to, which tells whether the estimate is a minimum at that scale.
struct Neighbourhood {
  Eigen::MatrixXd jacobian;
  double best_distance = kNaN;
  std::size_t best_parameter = 0;
  bool best_up = true;
};

Neighbourhood neighbourhood(Evaluator& evaluator, const std::vector<double>& unit,
                            const std::vector<MomentTarget>& targets, const Weighting& weights,
                            double step) {
  const std::size_t moments = targets.size();
  Neighbourhood out{Eigen::MatrixXd(Eigen::Index(moments), Eigen::Index(unit.size()))};
  const auto consider = [&](const std::vector<double>& mean, std::size_t p, bool up) {
    const double j = distance(targets, mean, weights);
    if (std::isnan(out.best_distance) || j < out.best_distance) {
      out.best_distance = j;
      out.best_parameter = p;
      out.best_up = up;
    }
  };
  for (std::size_t p = 0; p < unit.size(); ++p) {
    auto up = unit, down = unit;
    up[p] = std::min(1.0, unit[p] + step);
    down[p] = std::max(0.0, unit[p] - step);
    const auto high = evaluator.moments_at(up), low = evaluator.moments_at(down);
    for (std::size_t i = 0; i < moments; ++i) {
      const double slope = (high.mean[i] - low.mean[i]) / (up[p] - down[p]);
      out.jacobian(Eigen::Index(i), Eigen::Index(p)) = std::isfinite(slope) ? slope : 0.0;
    }
    if (up[p] != unit[p]) consider(high.mean, p, true);
    if (down[p] != unit[p]) consider(low.mean, p, false);
  }
  return out;
}

// A neighbour below J at the estimate by more than rounding means the search stopped
// short: the intervals, which assume a minimum, are then suspect.
void record_convergence(const Neighbourhood& around, CalibrationResult& result) {
  result.neighbour_distance = around.best_distance;
  const double margin = 1e-9 * std::max(1.0, std::abs(result.distance));
  result.converged =
      std::isfinite(result.distance) && !(around.best_distance < result.distance - margin);
  if (!result.converged)
    result.better_neighbour =
        result.parameters[around.best_parameter].key + (around.best_up ? " +" : " -");
}

// Parameters the moments identify: those with little of their direction in the
// (numerical) null space of H = G'WG.
std::vector<bool> identified_parameters(const Eigen::MatrixXd& h) {
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(h);
  const auto& values = solver.eigenvalues();
  const double largest = values.size() ? values.maxCoeff() : 0.0;
  std::vector<bool> identified(std::size_t(h.rows()), true);
  for (Eigen::Index p = 0; p < h.rows(); ++p) {
    double null_share = 0;
    for (Eigen::Index i = 0; i < values.size(); ++i)
      if (!(values[i] > kSingularRatio * largest))
        null_share += std::pow(solver.eigenvectors()(p, i), 2);
    identified[std::size_t(p)] = null_share <= kNullShare;
  }
  return identified;
}

// The sandwich H^-1 G'W S W G H^-1 over the identified parameters (unit-cube scale):
// the MSM variance with the simulation noise in S (Lee and Ingram 1991; with W = S^-1
// it is H^-1, and with S = (1 + 1/R) Omega it is their (1 + 1/R) formula).
Eigen::MatrixXd parameter_covariance(const Eigen::MatrixXd& g, const Weighting& weights) {
  const Eigen::VectorXd w =
      Eigen::Map<const Eigen::VectorXd>(weights.weight.data(), Eigen::Index(weights.weight.size()));
  const Eigen::VectorXd s = Eigen::Map<const Eigen::VectorXd>(
      weights.variance.data(), Eigen::Index(weights.variance.size()));
  const Eigen::MatrixXd wg = w.asDiagonal() * g;
  const Eigen::MatrixXd h_inverse = (g.transpose() * wg).inverse();
  const Eigen::MatrixXd meat = wg.transpose() * s.asDiagonal() * wg;
  return h_inverse * meat * h_inverse;
}

void record_intervals(const Eigen::MatrixXd& g, const Weighting& weights,
                      CalibrationResult& result) {
  const Eigen::VectorXd w =
      Eigen::Map<const Eigen::VectorXd>(weights.weight.data(), Eigen::Index(weights.weight.size()));
  const std::vector<bool> identified = identified_parameters(g.transpose() * w.asDiagonal() * g);
  std::vector<Eigen::Index> kept;
  for (std::size_t p = 0; p < identified.size(); ++p) {
    result.parameters[p].identified = identified[p];
    if (identified[p])
      kept.push_back(Eigen::Index(p));
    else
      result.identified = false;
  }
  if (kept.empty()) return;
  const Eigen::MatrixXd covariance = parameter_covariance(g(Eigen::all, kept), weights);
  for (std::size_t k = 0; k < kept.size(); ++k) {
    auto& estimate = result.parameters[std::size_t(kept[k])];
    const double range = estimate.high - estimate.low;
    estimate.standard_error = range * std::sqrt(covariance(Eigen::Index(k), Eigen::Index(k)));
    estimate.ci_low = estimate.value - kZ95 * estimate.standard_error;
    estimate.ci_high = estimate.value + kZ95 * estimate.standard_error;
  }
}

void record_estimate(const std::vector<double>& unit, CalibrationResult& result) {
  for (std::size_t p = 0; p < unit.size(); ++p) {
    auto& estimate = result.parameters[p];
    estimate.value = estimate.low + unit[p] * (estimate.high - estimate.low);
    estimate.at_bound = unit[p] <= kBoundShare || unit[p] >= 1 - kBoundShare;
  }
}

void record_test(const std::vector<MomentTarget>& targets, CalibrationResult& result) {
  result.degrees_of_freedom = int(targets.size()) - int(result.parameters.size());
  result.p_value = kNaN;
  if (result.degrees_of_freedom > 0 && efficient(targets)) {
    const boost::math::chi_squared chi_squared(result.degrees_of_freedom);
    result.p_value = boost::math::cdf(boost::math::complement(chi_squared, result.distance));
  }
}

void check_problem(const CalibrationProblem& problem, const CalibrationOptions& options) {
  if (problem.parameters.empty() || problem.targets.empty() || !problem.simulate)
    throw std::invalid_argument("calibrate: parameters, targets and a simulator are needed");
  for (const auto& range : problem.parameters)
    if (!(range.low < range.high))
      throw std::invalid_argument("calibrate: the range of " + range.key +
                                  " is empty (expected LO < HI)");
  for (const auto& target : problem.targets)
    if (!(target.standard_error > 0) && !(target.weight > 0))
      throw std::invalid_argument("calibrate: target " + target.name +
                                  " has neither a standard error nor a weight");
  if (options.starts < 1 || options.evaluations_per_start < 1 || !(options.derivative_step > 0))
    throw std::invalid_argument("calibrate: starts, evaluations and the step must be positive");
}

CalibrationResult empty_result(const CalibrationProblem& problem,
                               const CalibrationOptions& options) {
  CalibrationResult result;
  for (const auto& range : problem.parameters) {
    ParameterEstimate estimate;
    estimate.key = range.key;
    estimate.low = range.low;
    estimate.high = range.high;
    estimate.value = estimate.standard_error = estimate.ci_low = estimate.ci_high = kNaN;
    result.parameters.push_back(estimate);
  }
  result.distance = result.p_value = kNaN;
  result.optimiser = options.optimiser == LocalOptimiser::sbplx ? "LN_SBPLX" : "LN_BOBYQA";
  result.derivative_step = options.derivative_step;
  return result;
}

// Stopped: the best point of the stage that was running, without intervals.
void record_stopped(const std::vector<MomentTarget>& targets, const Evaluator& evaluator,
                    const Weighting& weights, CalibrationResult& result) {
  result.stopped = true;
  result.converged = false;  // the search did not end: no claim of a minimum
  if (!evaluator.has_best() || weights.weight.empty()) return;
  record_estimate(evaluator.best_unit(), result);
  record_fit(targets, evaluator.best_moments(), weights, result);
  record_test(targets, result);
  result.p_value = kNaN;
}

}  // namespace

CalibrationResult calibrate(const CalibrationProblem& problem, const CalibrationOptions& options) {
  check_problem(problem, options);
  const auto& targets = problem.targets;
  const std::size_t n = problem.parameters.size();
  CalibrationResult result = empty_result(problem, options);
  Evaluator evaluator(problem, options);
  Weighting weights;
  try {
    evaluator.begin_stage("pilot");
    weights = weighting(targets, evaluator.moments_at(std::vector<double>(n, 0.5)));
    auto estimate = search_from_starts(evaluator, weights, options, n, result);
    if (options.two_step) {
      evaluator.begin_stage("second step");
      weights = weighting(targets, evaluator.moments_at(estimate));
      estimate = local_search(evaluator, weights, estimate, options).unit;
    }
    const auto at_estimate = evaluator.moments_at(estimate);
    record_estimate(estimate, result);
    record_fit(targets, at_estimate, weights, result);
    record_test(targets, result);
    evaluator.begin_stage("derivatives");
    const Neighbourhood around =
        neighbourhood(evaluator, estimate, targets, weights, options.derivative_step);
    record_intervals(around.jacobian, weights, result);
    record_convergence(around, result);
  } catch (const Interrupted&) {
    record_stopped(targets, evaluator, weights, result);
  }
  result.evaluations = evaluator.evaluations();
  result.replications = evaluator.replications();
  result.runs = long(result.evaluations) * result.replications;
  return result;
}

DatasetGroup to_datasets(const CalibrationResult& r) {
  DatasetGroup parameters;
  std::vector<std::string> keys;
  std::vector<double> value, low, high, se, ci_low, ci_high;
  std::vector<std::uint8_t> at_bound, identified;
  for (const auto& p : r.parameters) {
    keys.push_back(p.key);
    value.push_back(p.value);
    low.push_back(p.low);
    high.push_back(p.high);
    se.push_back(p.standard_error);
    ci_low.push_back(p.ci_low);
    ci_high.push_back(p.ci_high);
    at_bound.push_back(p.at_bound);
    identified.push_back(p.identified);
  }
  parameters.add("key", keys);
  parameters.add("value", value);
  parameters.add("low", low);
  parameters.add("high", high);
  parameters.add("standard_error", se);
  parameters.add("ci_low", ci_low);
  parameters.add("ci_high", ci_high);
  parameters.add("at_bound", at_bound);
  parameters.add("identified", identified);

  DatasetGroup moments;
  std::vector<std::string> names, metrics, reductions, from, to, sources;
  std::vector<double> target, target_se, target_weight, simulated, simulated_sd, weight, variance,
      z;
  for (const auto& m : r.moments) {
    names.push_back(m.target.name);
    metrics.push_back(m.target.metric);
    reductions.emplace_back(name_of(kReductionNames, m.target.reduction));
    from.push_back(m.target.from.to_string());
    to.push_back(m.target.to.to_string());
    sources.push_back(m.target.source);
    target.push_back(m.target.value);
    target_se.push_back(m.target.standard_error);
    target_weight.push_back(m.target.weight);
    simulated.push_back(m.simulated);
    simulated_sd.push_back(m.simulated_sd);
    weight.push_back(m.weight);
    variance.push_back(m.variance);
    z.push_back(m.z);
  }
  moments.add("name", names);
  moments.add("metric", metrics);
  moments.add("reduction", reductions);
  moments.add("from", from);
  moments.add("to", to);
  moments.add("source", sources);
  moments.add("target", target);
  moments.add("target_standard_error", target_se);
  moments.add("target_weight", target_weight);
  moments.add("simulated", simulated);
  moments.add("simulated_sd", simulated_sd);
  moments.add("weight", weight);
  moments.add("variance", variance);
  moments.add("z", z);

  DatasetGroup searches;
  const std::uint64_t count = r.starts.size(), n = r.parameters.size();
  std::vector<double> starts, ends;
  for (std::size_t s = 0; s < count; ++s) {
    starts.insert(starts.end(), r.starts[s].begin(), r.starts[s].end());
    ends.insert(ends.end(), r.ends[s].begin(), r.ends[s].end());
  }
  searches.add("start", starts, "", {count, n});
  searches.add("end", ends, "", {count, n});
  searches.add("distance", r.start_distance);

  DatasetGroup group;
  group.children.emplace_back("parameters", std::move(parameters));
  group.children.emplace_back("moments", std::move(moments));
  group.children.emplace_back("searches", std::move(searches));
  group.attribute("distance", r.distance);
  group.attribute("p_value", r.p_value);
  group.attribute("optimiser", r.optimiser);
  group.attribute("derivative_step", r.derivative_step);
  group.attribute("neighbour_distance", r.neighbour_distance);
  group.attribute("better_neighbour", r.better_neighbour);
  for (const auto& [name, value] :
       {std::pair<const char*, std::int32_t>{"degrees_of_freedom", r.degrees_of_freedom},
        {"identified", r.identified ? 1 : 0},
        {"stopped", r.stopped ? 1 : 0},
        {"converged", r.converged ? 1 : 0},
        {"evaluations", r.evaluations},
        {"replications", r.replications},
        {"runs", std::int32_t(r.runs)}})
    group.attribute(name, value);
  return group;
}

namespace {

bool is_bare_key(const std::string& segment) {
  if (segment.empty()) return false;
  for (char c : segment)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) return false;
  return true;
}

std::string dotted_key(const std::string& key) {
  std::string out;
  std::size_t start = 0;
  for (;;) {
    const auto dot = key.find('.', start);
    const std::string segment = key.substr(start, dot - start);
    out += (out.empty() ? "" : ".") + (is_bare_key(segment) ? segment : toml_quote(segment));
    if (dot == std::string::npos) return out;
    start = dot + 1;
  }
}

}  // namespace

std::string fitted_scenario_text(const CalibrationResult& r, const std::string& extends) {
  std::ostringstream out;
  out << "# Fitted by the method of simulated moments (docs/calibration.md): J = "
      << toml_real(r.distance) << " on " << r.degrees_of_freedom << " degrees of freedom";
  if (std::isfinite(r.p_value)) out << ", p = " << toml_real(r.p_value);
  out << "; " << r.evaluations << " evaluations of " << r.replications << " replications.\n";
  if (r.stopped) out << "# Stopped before the search ended: the best point so far.\n";
  out << "extends = " << toml_quote(extends) << "\n\n";
  for (const auto& p : r.parameters) {
    std::string note;
    if (!p.identified) note = "not identified by the moments";
    if (p.identified && std::isfinite(p.ci_low))
      note = "95% interval " + toml_real(p.ci_low) + " to " + toml_real(p.ci_high);
    if (p.at_bound) note += (note.empty() ? "" : "; ") + std::string("at a bound");
    out << dotted_key(p.key) << " = " << toml_real(p.value);
    out << (note.empty() ? "" : "  # " + note) << "\n";
  }
  return out.str();
}

}  // namespace clustersim

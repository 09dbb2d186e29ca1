// The method of simulated moments on a toy stochastic model whose parameters are known:
// moments simulated at theta0 are fitted back (identification), the intervals cover theta0
// as often as they claim, the fit statistics agree with the z-scores, a parameter the
// moments ignore is reported as not identified, and the stop flag ends the search. Then
// the reductions of a series, the targets file, the datasets and the fitted scenario.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/math/distributions/chi_squared.hpp>
#include <cmath>
#include <numbers>
#include <stdexcept>

#include "analysis/calibration.hpp"
#include "analysis/moments.hpp"
#include "sim/diagnostics.hpp"
#include "sim/interrupt.hpp"
#include "sim/rng.hpp"
#include "sim/toml_document.hpp"
#include "support/test_support.hpp"

namespace clustersim {
namespace {

// A standard normal (Box-Muller) from the stream of (seed, replication, which): the same
// replication draws the same noise at every theta (common random numbers).
double normal(std::uint64_t seed, std::uint32_t replication, std::uint32_t which) {
  RandomStream stream(StreamKey{seed, replication, 0, 0, 0, which});
  const double u1 = 1.0 - stream.uniform(), u2 = stream.uniform();
  return std::sqrt(-2 * std::log(u1)) * std::cos(2 * std::numbers::pi * u2);
}

// Five noisy, nonlinear moments of three parameters (a, b, c); a fourth parameter, when
// there is one, changes nothing.
std::vector<double> toy_moments(const std::vector<double>& t, std::uint64_t seed,
                                std::uint32_t replication) {
  const double a = t[0], b = t[1], c = t[2];
  const auto e = [&](std::uint32_t which) { return normal(seed, replication, which); };
  return {a + 0.5 * b + 0.3 * e(0), a * b + 0.3 * e(1), c * (1 + 0.2 * e(2)),
          std::exp(0.5 * b) + 0.2 * a * c + 0.1 * e(3), a * a / (1 + c) + 0.2 * e(4)};
}

MomentSimulator toy_simulator(std::uint64_t seed, int replications) {
  return [=](const std::vector<double>& theta) {
    std::vector<std::vector<double>> rows;
    for (int r = 0; r < replications; ++r) rows.push_back(toy_moments(theta, seed, r));
    return rows;
  };
}

const std::vector<double> kTheta0 = {1.5, 0.4, 0.8};
const std::vector<ParameterRange> kBox = {{"a", 0.5, 3}, {"b", -1, 1}, {"c", 0.1, 2}};

// The "observed" moments: means of `n` replications at theta0 with their own seed, with
// the standard errors of those means.
std::vector<MomentTarget> observed_targets(std::uint64_t seed, int n) {
  const auto rows = toy_simulator(seed, n)(kTheta0);
  std::vector<MomentTarget> targets;
  for (std::size_t i = 0; i < rows[0].size(); ++i) {
    double mean = 0, square = 0;
    for (const auto& row : rows) mean += row[i] / n;
    for (const auto& row : rows) square += (row[i] - mean) * (row[i] - mean) / (n - 1);
    MomentTarget target;
    target.name = "m" + std::to_string(i + 1);
    target.metric = target.name;
    target.value = mean;
    target.standard_error = std::sqrt(square / n);
    target.source = "toy model at theta0, seed " + std::to_string(seed);
    targets.push_back(target);
  }
  return targets;
}

constexpr int kDataReplications = 40, kSimulatedReplications = 10;
// One data set and one set of simulation seeds. Any one data set leaves theta0 outside
// one of the three 95% intervals with probability about 1 - 0.95^3 = 14%: these seeds
// are one where it does not, and the coverage test checks that rate over 40 data sets.
constexpr std::uint64_t kDataSeed = 4, kSimulationSeed = 1;

CalibrationResult fit_toy(std::uint64_t data_seed, std::uint64_t simulation_seed) {
  CalibrationProblem problem{observed_targets(data_seed, kDataReplications), kBox,
                             toy_simulator(simulation_seed, kSimulatedReplications)};
  return calibrate(problem, {});
}

TEST(Calibration, fits_known_parameters_back_within_their_intervals) {
  const CalibrationResult result = fit_toy(kDataSeed, kSimulationSeed);
  ASSERT_FALSE(result.stopped);
  ASSERT_TRUE(result.identified);
  for (std::size_t p = 0; p < kTheta0.size(); ++p) {
    const auto& estimate = result.parameters[p];
    const double range = estimate.high - estimate.low;
    EXPECT_NEAR(estimate.value, kTheta0[p], 0.05 * range) << estimate.key;
    EXPECT_LE(estimate.ci_low, kTheta0[p]) << estimate.key;
    EXPECT_GE(estimate.ci_high, kTheta0[p]) << estimate.key;
    EXPECT_LT(estimate.ci_high - estimate.ci_low, 0.2 * range) << estimate.key;  // informative
    EXPECT_FALSE(estimate.at_bound) << estimate.key;
    std::printf("%s: theta0 %.4f estimate %.4f se %.4f interval [%.4f, %.4f]\n",
                estimate.key.c_str(), kTheta0[p], estimate.value, estimate.standard_error,
                estimate.ci_low, estimate.ci_high);
  }
  std::printf("J %.4f dof %d p %.4f evaluations %d runs %ld\n", result.distance,
              result.degrees_of_freedom, result.p_value, result.evaluations, result.runs);
  EXPECT_EQ(result.runs, long(result.evaluations) * kSimulatedReplications);
}

// Over many data sets (and simulation seeds) the 95% intervals cover theta0 about 95% of
// the time, and the reported standard errors match the spread of the estimates: too
// narrow (simulation noise left out of the weights) or mis-scaled intervals fail here.
TEST(Calibration, intervals_cover_theta0_as_often_as_they_claim) {
  constexpr int kTrials = 40;
  int covered = 0, intervals = 0;
  std::vector<double> sum(3), square(3), reported(3);
  for (int trial = 0; trial < kTrials; ++trial) {
    const CalibrationResult result = fit_toy(100 + trial, 1000 + trial);
    for (std::size_t p = 0; p < 3; ++p) {
      const auto& e = result.parameters[p];
      covered += e.ci_low <= kTheta0[p] && kTheta0[p] <= e.ci_high;
      ++intervals;
      sum[p] += e.value;
      square[p] += e.value * e.value;
      reported[p] += e.standard_error / kTrials;
    }
  }
  const double coverage = double(covered) / intervals;
  std::printf("coverage %.3f of %d intervals\n", coverage, intervals);
  EXPECT_GE(coverage, 0.88);
  for (std::size_t p = 0; p < 3; ++p) {
    const double mean = sum[p] / kTrials;
    const double spread = std::sqrt((square[p] - kTrials * mean * mean) / (kTrials - 1));
    std::printf("%s: mean se %.4f, sd of estimates %.4f\n", kBox[p].key.c_str(), reported[p],
                spread);
    EXPECT_LT(std::abs(mean - kTheta0[p]), 3 * spread / std::sqrt(kTrials)) << kBox[p].key;
    EXPECT_GT(reported[p] / spread, 0.7) << kBox[p].key;
    EXPECT_LT(reported[p] / spread, 1.45) << kBox[p].key;
  }
}

// The intervals assume a minimum. A search given its full budget ends where no point one
// derivative step away fits better; one cut to 4 evaluations from a single start ends
// short of it, and the result says so (and where the better point lies).
TEST(Calibration, a_search_that_stops_short_of_the_minimum_is_flagged) {
  const CalibrationResult full = fit_toy(kDataSeed, kSimulationSeed);
  EXPECT_TRUE(full.converged);
  EXPECT_GE(full.neighbour_distance, full.distance);
  EXPECT_TRUE(full.better_neighbour.empty());

  CalibrationProblem problem{observed_targets(kDataSeed, kDataReplications), kBox,
                             toy_simulator(kSimulationSeed, kSimulatedReplications)};
  CalibrationOptions cut;
  cut.starts = 1;
  cut.evaluations_per_start = 4;
  cut.two_step = false;
  const CalibrationResult short_search = calibrate(problem, cut);
  EXPECT_FALSE(short_search.converged);
  EXPECT_LT(short_search.neighbour_distance, short_search.distance);
  EXPECT_FALSE(short_search.better_neighbour.empty());
  int converged = -1;
  for (const auto& [name, value] : to_datasets(short_search).attributes)
    if (name == "converged") converged = std::get<std::int32_t>(value);
  EXPECT_EQ(converged, 0);
}

TEST(Calibration, distance_is_the_sum_of_squared_z_and_no_worse_than_at_theta0) {
  const auto targets = observed_targets(kDataSeed, kDataReplications);
  const CalibrationResult result = fit_toy(kDataSeed, kSimulationSeed);
  double sum = 0;
  for (const auto& m : result.moments) {
    EXPECT_NEAR(m.z * m.z, m.weight * std::pow(m.simulated - m.target.value, 2), 1e-9);
    EXPECT_NEAR(m.weight, 1 / m.variance, 1e-12 / m.variance);
    EXPECT_GT(m.variance, m.target.standard_error * m.target.standard_error);  // + simulation
    sum += m.z * m.z;
  }
  EXPECT_NEAR(result.distance, sum, 1e-9 * sum);
  EXPECT_EQ(result.degrees_of_freedom, 2);
  const boost::math::chi_squared chi(2);
  EXPECT_NEAR(result.p_value, boost::math::cdf(boost::math::complement(chi, result.distance)),
              1e-12);
  // The weighted distance at theta0 itself, with the same weights and seeds.
  const auto rows = toy_simulator(kSimulationSeed, kSimulatedReplications)(kTheta0);
  double at_truth = 0;
  for (std::size_t i = 0; i < targets.size(); ++i) {
    double mean = 0;
    for (const auto& row : rows) mean += row[i] / double(rows.size());
    at_truth += result.moments[i].weight * std::pow(mean - targets[i].value, 2);
  }
  EXPECT_LE(result.distance, at_truth + 1e-9);
}

// One parameter (BOBYQA's smallest case) with either optimiser; the others held at theta0.
TEST(Calibration, one_parameter_is_fitted_by_either_optimiser) {
  for (const auto optimiser : {LocalOptimiser::bobyqa, LocalOptimiser::sbplx}) {
    const auto simulate = toy_simulator(kSimulationSeed, kSimulatedReplications);
    CalibrationProblem problem{observed_targets(kDataSeed, kDataReplications),
                               {kBox[2]},
                               [&](const std::vector<double>& theta) {
                                 return simulate({kTheta0[0], kTheta0[1], theta[0]});
                               }};
    CalibrationOptions options;
    options.optimiser = optimiser;
    const CalibrationResult result = calibrate(problem, options);
    EXPECT_EQ(result.optimiser, optimiser == LocalOptimiser::sbplx ? "LN_SBPLX" : "LN_BOBYQA");
    EXPECT_EQ(result.degrees_of_freedom, 4);
    EXPECT_NEAR(result.parameters[0].value, kTheta0[2], 0.05) << result.optimiser;
    EXPECT_LE(result.parameters[0].ci_low, kTheta0[2]) << result.optimiser;
    EXPECT_GE(result.parameters[0].ci_high, kTheta0[2]) << result.optimiser;
  }
}

TEST(Calibration, a_parameter_the_moments_ignore_is_reported_not_identified) {
  auto box = kBox;
  box.push_back({"ignored", 0, 10});
  CalibrationProblem problem{observed_targets(kDataSeed, kDataReplications), box,
                             toy_simulator(kSimulationSeed, kSimulatedReplications)};
  const CalibrationResult result = calibrate(problem, {});
  EXPECT_FALSE(result.identified);
  EXPECT_FALSE(result.parameters[3].identified);
  EXPECT_TRUE(std::isnan(result.parameters[3].standard_error));
  EXPECT_TRUE(std::isnan(result.parameters[3].ci_low));
  for (std::size_t p = 0; p < 3; ++p) {
    EXPECT_TRUE(result.parameters[p].identified) << p;
    EXPECT_TRUE(std::isfinite(result.parameters[p].standard_error)) << p;
    EXPECT_LE(result.parameters[p].ci_low, kTheta0[p]) << p;
    EXPECT_GE(result.parameters[p].ci_high, kTheta0[p]) << p;
  }
  EXPECT_TRUE(testing::contains(fitted_scenario_text(result, "base.toml"),
                                "  # not identified by the moments"));
}

TEST(Calibration, the_stop_flag_ends_the_search_between_evaluations) {
  std::atomic<bool> stop{false};
  int calls = 0;
  const auto simulate = toy_simulator(kSimulationSeed, kSimulatedReplications);
  CalibrationProblem problem{observed_targets(kDataSeed, kDataReplications), kBox,
                             [&](const std::vector<double>& theta) {
                               if (++calls == 30) stop = true;
                               return simulate(theta);
                             }};
  CalibrationOptions options;
  int reports = 0;
  options.stop = &stop;
  options.progress = [&](const CalibrationProgress& progress) {
    EXPECT_EQ(progress.evaluations, ++reports + 1);  // the pilot reports nothing
    EXPECT_LE(progress.best, progress.distance);
  };
  const CalibrationResult result = calibrate(problem, options);
  EXPECT_TRUE(result.stopped);
  EXPECT_FALSE(result.converged);  // a search that did not end claims no minimum
  EXPECT_EQ(calls, 30);
  EXPECT_EQ(result.evaluations, 30);
  EXPECT_EQ(reports, 29);
  EXPECT_TRUE(std::isfinite(result.distance));  // the best point so far
  EXPECT_TRUE(std::isnan(result.parameters[0].ci_low));
  EXPECT_TRUE(std::isnan(result.p_value));
}

TEST(Calibration, a_simulator_that_interrupts_stops_and_one_that_fails_throws) {
  const auto simulate = toy_simulator(kSimulationSeed, kSimulatedReplications);
  int calls = 0;
  CalibrationProblem problem{observed_targets(kDataSeed, kDataReplications), kBox,
                             [&](const std::vector<double>& theta) {
                               if (++calls == 12) throw Interrupted{};
                               return simulate(theta);
                             }};
  EXPECT_TRUE(calibrate(problem, {}).stopped);
  calls = 0;
  problem.simulate = [&](const std::vector<double>& theta) {
    if (++calls == 12) throw std::runtime_error("the model failed");
    return simulate(theta);
  };
  EXPECT_THROW(
      {
        try {
          calibrate(problem, {});
        } catch (const std::runtime_error& error) {
          EXPECT_STREQ(error.what(), "the model failed");  // not NLopt's "nlopt failure"
          throw;
        }
      },
      std::runtime_error);
  problem.simulate = [](const std::vector<double>&) {
    return std::vector<std::vector<double>>{{1, 2, 3, 4, 5}};
  };
  EXPECT_THROW(calibrate(problem, {}), std::invalid_argument);  // one replication
}

// ---- Reductions ----

std::vector<std::string> labels_from(YearMonth first, int count) {
  std::vector<std::string> labels;
  for (int t = 0; t < count; ++t) labels.push_back(first.plus(t).to_string());
  return labels;
}

MomentTarget window(Reduction reduction, const char* from, const char* to) {
  MomentTarget target;
  target.name = "x";
  target.reduction = reduction;
  target.from = *YearMonth::parse(from);
  target.to = *YearMonth::parse(to);
  return target;
}

// year_on_year: the window's sum over the same months a year earlier, as Rosstat's
// production index against the same period of the previous year.
TEST(Moments, year_on_year_compares_a_window_with_the_same_months_a_year_earlier) {
  const auto labels = labels_from({2014, 1}, 24);  // 2014-01 .. 2015-12
  std::vector<double> values(24, 100.0);
  for (int t = 12; t < 18; ++t) values[std::size_t(t)] = 110;  // 2015 H1 10% above 2014 H1
  const auto h1 = window(Reduction::year_on_year, "2015-01", "2015-06");
  EXPECT_EQ(first_month_read(h1), (YearMonth{2014, 1}));
  EXPECT_NEAR(reduce_series(h1, labels, values), 0.10, 1e-12);
  EXPECT_NEAR(reduce_series(window(Reduction::year_on_year, "2015-01", "2015-12"), labels, values),
              0.05, 1e-12);
  // A window whose previous year is not in the series cannot be reduced.
  EXPECT_THROW(reduce_series(window(Reduction::year_on_year, "2014-06", "2014-12"), labels, values),
               std::invalid_argument);
  values.assign(24, 0.0);
  EXPECT_TRUE(std::isnan(reduce_series(h1, labels, values)));
}

TEST(Moments, reductions_over_a_window_of_a_hand_made_series) {
  const auto labels = labels_from({2023, 12}, 13);  // 2023-12 .. 2024-12
  std::vector<double> values;
  for (int t = 0; t < 13; ++t) values.push_back(100 + 10 * t);  // 100 .. 220
  EXPECT_EQ(reduce_series(window(Reduction::final, "2024-12", "2024-03"), labels, values), 130);
  EXPECT_EQ(reduce_series(window(Reduction::mean, "2024-01", "2024-03"), labels, values), 120);
  EXPECT_EQ(reduce_series(window(Reduction::sum, "2024-01", "2024-03"), labels, values), 360);
  EXPECT_EQ(reduce_series(window(Reduction::sum, "2024-02", "2024-02"), labels, values), 120);
  // 2023-12 to 2024-06: 6 months from 100 to 160, annualised (1.6)^2 - 1.
  EXPECT_NEAR(reduce_series(window(Reduction::rate, "2023-12", "2024-06"), labels, values), 1.56,
              1e-12);
  EXPECT_NEAR(reduce_series(window(Reduction::rate, "2023-12", "2024-12"), labels, values), 1.2,
              1e-12);
  EXPECT_NEAR(reduce_series(window(Reduction::growth, "2023-12", "2024-06"), labels, values), 0.6,
              1e-12);
  values[0] = 0;
  EXPECT_TRUE(
      std::isnan(reduce_series(window(Reduction::rate, "2023-12", "2024-06"), labels, values)));
  EXPECT_TRUE(
      std::isnan(reduce_series(window(Reduction::growth, "2023-12", "2024-06"), labels, values)));
  EXPECT_THROW(reduce_series(window(Reduction::final, "2025-01", "2025-01"), labels, values),
               std::invalid_argument);
  EXPECT_THROW(reduce_series(window(Reduction::mean, "2023-11", "2024-01"), labels, values),
               std::invalid_argument);
}

// ---- The targets file ----

constexpr const char* kGoodTargets = R"(# Two moments of the toy
[[target]]
name = "firms"
metric = "firms_alive"
reduction = "final"
to = "2024-12"
value = 812
standard_error = 20
source = "Rosstat, table 3"

[[target]]
name = "sales_growth"
metric = "revenue"
reduction = "rate"
from = "2022-12"
to = "2024-12"
value = 0.05
weight = 4
source = "regional statistics"
)";

TEST(Moments, a_targets_file_is_read_with_every_field) {
  const std::string folder = testing::temporary_folder("calibration_targets");
  testing::write_file(folder + "/targets.toml", kGoodTargets);
  const auto targets = read_targets(folder + "/targets.toml");
  ASSERT_EQ(targets.size(), 2u);
  EXPECT_EQ(targets[0].name, "firms");
  EXPECT_EQ(targets[0].reduction, Reduction::final);
  EXPECT_EQ(targets[0].to, (YearMonth{2024, 12}));
  EXPECT_EQ(targets[0].value, 812);
  EXPECT_EQ(targets[0].standard_error, 20);
  EXPECT_EQ(targets[0].weight, 0);
  EXPECT_EQ(targets[1].reduction, Reduction::rate);
  EXPECT_EQ(targets[1].from, (YearMonth{2022, 12}));
  EXPECT_EQ(targets[1].weight, 4);
  EXPECT_EQ(targets[1].source, "regional statistics");
}

std::string targets_error(const std::string& text) {
  try {
    read_targets_text(text, "targets.toml");
  } catch (const InputError& error) {
    return error.diagnostics().to_string();
  }
  return "";
}

TEST(Moments, target_file_errors_say_where_what_and_what_was_expected) {
  const std::string text = R"([[target]]
name = "firms"
metric = "firms_alive"
reduction = "median"
to = "2024-12"
value = "many"
standard_error = 20
weight = 2
source = "x"

[[target]]
name = "firms"
metric = "revenue"
reduction = "rate"
from = "2024-12"
to = "2024-01"
value = 0.1
standard_error = 0
colour = "red"

[[target]]
name = "jobs"
metric = "employees"
reduction = "mean"
to = "2024-13"
value = 1
source = "y"
)";
  const std::string errors = targets_error(text);
  std::printf("%s", errors.c_str());
  for (const char* expected : {
           "targets.toml:4:13: target[0].reduction: unknown value (expected one of \"final\", "
           "\"mean\", \"sum\", \"rate\", \"growth\"",
           "targets.toml:6:9: target[0].value: wrong type (expected a number, got string",
           "targets.toml:8:10: target[0]: both standard_error and weight (expected one of them)",
           "targets.toml:12:8: target[1].name: duplicate name (expected a name no other target "
           "has, got \"firms\")",
           "targets.toml:15:8: target[1].from: after the window's end (expected a month before "
           "2024-01, got 2024-12)",
           "targets.toml:18:18: target[1].standard_error: not positive (expected a standard "
           "error above 0)",
           "targets.toml:19:10: target[1].colour: unknown key (expected one of name, metric, "
           "reduction, from, to, value, standard_error, weight, source",
           "targets.toml:11:1: target[1].source: missing required key (expected a string)",
           "targets.toml:25:6: target[2].to: malformed date (expected \"YYYY-MM\"",
           "targets.toml:21:1: target[2].from: missing (expected the window's first month for "
           "reduction \"mean\")",
           "targets.toml:21:1: target[2]: no precision (expected standard_error or weight)",
       })
    EXPECT_TRUE(testing::contains(errors, expected));
  EXPECT_TRUE(testing::contains(targets_error("value = 1\n"),
                                "targets.toml:1:9: value: unknown key (expected only [[target]] "
                                "tables and `extends`)"));
  EXPECT_TRUE(testing::contains(targets_error("[[target]\nname = 1\n"), "targets.toml:1:"));
  EXPECT_TRUE(testing::contains(targets_error("[[target]\nname = 1\n"), "syntax error"));
  EXPECT_TRUE(testing::contains(targets_error("# nothing\n"),
                                "no targets (expected at least one [[target]] table)"));
}

// A negative standard error, or a weight that is not a number, is one problem, said once
// and without contradiction (the binder's bound of 0 used to add "expected at least 0").
TEST(Moments, a_bad_precision_is_one_problem) {
  const std::string head =
      "[[target]]\nname = \"a\"\nmetric = \"firms_alive\"\n"
      "reduction = \"final\"\nto = \"2024-12\"\nvalue = 1\nsource = \"x\"\n";
  const std::string negative = targets_error(head + "standard_error = -1\n");
  EXPECT_EQ(negative,
            "targets.toml:8:18: target[0].standard_error: not positive (expected a standard "
            "error above 0)\n");
  // A missing value says what it expects, with no bounds to name.
  const std::string no_value = targets_error(
      "[[target]]\nname = \"a\"\nmetric = \"firms_alive\"\nreduction = "
      "\"final\"\nto = \"2024-12\"\nweight = 1\nsource = \"x\"\n");
  EXPECT_TRUE(testing::contains(no_value,
                                "target[0].value: missing required key (expected a "
                                "number)"))
      << no_value;
  const std::string nan = targets_error(head + "weight = nan\n");
  EXPECT_EQ(nan,
            "targets.toml:8:10: target[0].weight: out of range (expected a finite number, got "
            "float nan)\n");
}

// ---- What a command writes ----

TEST(Calibration, datasets_hold_parameters_moments_and_searches) {
  const CalibrationResult result = fit_toy(kDataSeed, kSimulationSeed);
  const DatasetGroup group = to_datasets(result);
  ASSERT_EQ(group.children.size(), 3u);
  EXPECT_EQ(group.children[0].name, "parameters");
  EXPECT_EQ(group.children[1].name, "moments");
  EXPECT_EQ(group.children[2].name, "searches");
  const auto& values = std::get<std::vector<double>>(group.children[0].group.datasets[1].values);
  EXPECT_EQ(values[0], result.parameters[0].value);
  const auto& start = group.children[2].group.datasets[0];
  EXPECT_EQ(start.dims, (std::vector<std::uint64_t>{4, 3}));
  bool has_distance = false;
  for (const auto& [name, value] : group.attributes)
    has_distance =
        has_distance || (name == "distance" && std::get<double>(value) == result.distance);
  EXPECT_TRUE(has_distance);
}

TEST(Calibration, the_fitted_scenario_extends_its_input_and_its_keys_merge_over_it) {
  const std::string folder = testing::temporary_folder("calibration_fitted");
  testing::write_file(folder + "/base.toml", R"(name = "base"
[parameters.transfer]
rate = 0.05
decay = 0.01

[parameters]
entry = 3

[[sectors]]
name = "pharma"
demand_growth = 0.02
input_cost_share = 0.5

[[sectors]]
name = "ict"
input_cost_share = 0.4
)");
  CalibrationResult result;
  result.parameters = {{"parameters.transfer.rate", 0.0734, 0, 1, 0.01, 0.0538, 0.093, false, true},
                       {"parameters.entry", 4.5, 0, 10, 0.5, 3.52, 5.48, false, true}};
  result.distance = 1.5;
  result.degrees_of_freedom = 1;
  result.p_value = 0.22;
  const std::string text = fitted_scenario_text(result, "base.toml");
  EXPECT_TRUE(testing::contains(text, "extends = \"base.toml\"\n"));
  EXPECT_TRUE(testing::contains(text, "parameters.transfer.rate = 0.0734  # 95% interval"));
  Diagnostics diagnostics;
  const auto merged = read_document_text(text, "fitted.toml", diagnostics, {folder, false});
  ASSERT_TRUE(merged) << diagnostics.to_string();
  EXPECT_EQ((*merged)["name"].value<std::string>(), "base");
  EXPECT_EQ((*merged)["parameters"]["transfer"]["rate"].value<double>(), 0.0734);
  EXPECT_EQ((*merged)["parameters"]["transfer"]["decay"].value<double>(), 0.01);  // kept
  EXPECT_EQ((*merged)["parameters"]["entry"].value<double>(), 4.5);
  // Keys of array elements, by name or index, amend the inherited elements (they used to
  // be refused, and a named one wrote a file that replaced the whole array).
  result.parameters[0].key = "sectors.pharma.input_cost_share";
  result.parameters[1].key = "sectors.1.input_cost_share";
  const auto elements = read_document_text(fitted_scenario_text(result, "base.toml"), "fitted.toml",
                                           diagnostics, {folder, false});
  ASSERT_TRUE(elements) << diagnostics.to_string();
  const auto* sectors = (*elements)["sectors"].as_array();
  ASSERT_TRUE(sectors && sectors->size() == 2);
  EXPECT_EQ((*elements)["sectors"][0]["input_cost_share"].value<double>(), 0.0734);
  EXPECT_EQ((*elements)["sectors"][0]["demand_growth"].value<double>(), 0.02);  // kept
  EXPECT_EQ((*elements)["sectors"][1]["input_cost_share"].value<double>(), 4.5);
  EXPECT_EQ((*elements)["sectors"][1]["name"].value<std::string>(), "ict");
}

}  // namespace
}  // namespace clustersim

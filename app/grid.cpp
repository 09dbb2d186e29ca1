// `clustersim grid`: a scenario over a design of points, a full factorial of listed
// values or ranges, or a Latin hypercube of ranges; every run's metrics and the /design
// table in one file.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>

#include "analysis/summary.hpp"
#include "app/commands.hpp"
#include "app/experiment_command.hpp"
#include "app/key_range.hpp"
#include "app/metric_lookup.hpp"
#include "sim/diagnostics.hpp"

namespace clustersim::app {
namespace {

struct Factor {
  std::string key;
  std::vector<std::string> values;  // listed, as typed
  std::optional<KeyRange> range;    // or a range
};

Factor parse_factor(const std::string& text) {
  const auto equals = text.find('=');
  if (equals == std::string::npos || equals == 0)
    throw InputError("--vary " + text + ": expected KEY=v1,v2,... or KEY=LO:HI");
  Factor factor{text.substr(0, equals), {}, std::nullopt};
  const std::string rest = text.substr(equals + 1);
  if (rest.find(':') != std::string::npos && rest.find(',') == std::string::npos) {
    factor.range = parse_key_range("--vary", text);
    return factor;
  }
  std::size_t start = 0;
  while (start <= rest.size()) {
    const auto comma = rest.find(',', start);
    std::string value = rest.substr(start, comma - start);
    while (!value.empty() && value.front() == ' ') value.erase(value.begin());
    while (!value.empty() && value.back() == ' ') value.pop_back();
    if (value.empty()) throw InputError("--vary " + text + ": an empty value in the list");
    factor.values.push_back(value);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return factor;
}

// A range's level as the scenario reads it: a whole number as an integer, so that a range
// over a key that takes integers (max_partners=4:8) works; a key that takes numbers takes
// an integer too.
std::string level_text(double value) {
  if (std::floor(value) == value && std::abs(value) < 1e15)
    return std::to_string(static_cast<long long>(value));
  return number_text(value);
}

double number_or_nan(const std::string& text) {
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  return end && *end == '\0' && end != text.c_str() ? value : std::nan("");
}

class GridCommand final : public ExperimentCommand {
 public:
  GridCommand()
      : ExperimentCommand(
            {"clustersim grid SCENARIO --vary KEY=v1,v2,... [--vary KEY=LO:HI -n N] "
             "[--design full|lhs]",
             "Runs the scenario at every point of a design: the full factorial of the listed "
             "values (ranges give N evenly spaced values), or a Latin hypercube of N points "
             "over the ranges. Every point runs the same replications (common random "
             "numbers). The file holds every run's metrics and the /design table.",
             "_grid.h5", "no progress bar, no table"}) {}

 protected:
  std::string kind() const override { return "grid"; }

  void add_design_options(po::options_description& options) override {
    options.add_options()("vary", po::value<std::vector<std::string>>()->composing()->required(),
                          "KEY=v1,v2,... (listed values) or KEY=LO:HI (a range; see -n); "
                          "repeatable")("points,n", po::value<int>(),
                                        "values per range (full) or points in all (lhs)")(
        "design", po::value<std::string>()->default_value("full"), "full or lhs")(
        "metric", po::value<std::string>(), "metric whose final mean per point is printed")(
        "design-seed", po::value<std::uint64_t>(),
        "seed of the Latin hypercube (default: the scenario's seed)");
  }

  void plan_design(const po::variables_map& values, const Scenario& base) override {
    std::vector<Factor> factors;
    DistinctKeys keys;
    for (const auto& text : values["vary"].as<std::vector<std::string>>()) {
      factors.push_back(parse_factor(text));
      keys.add("--vary", text, factors.back().key);
    }
    const std::string design = values["design"].as<std::string>();
    const int n = values.count("points") ? values["points"].as<int>() : 0;
    for (const auto& f : factors) keys_.push_back(f.key);
    for (const auto& text : values["vary"].as<std::vector<std::string>>())
      origins_.push_back("--vary " + text);
    if (design == "lhs") {
      std::vector<ParameterRange> ranges;
      for (const auto& f : factors) {
        if (!f.range)
          throw InputError("--design lhs: --vary " + f.key + ": expected a range LO:HI");
        ranges.push_back({f.key, f.range->low, f.range->high});
      }
      if (n < 2) throw InputError("--design lhs: -n: expected at least 2 points");
      const auto seed =
          values.count("design-seed") ? values["design-seed"].as<std::uint64_t>() : base.seed;
      design_ = latin_hypercube(ranges, n, seed);
    } else if (design == "full") {
      // -n spaces ranges; with listed values only it would be ignored without a word.
      if (values.count("points") &&
          std::none_of(factors.begin(), factors.end(),
                       [](const Factor& f) { return f.range.has_value(); }))
        throw InputError("-n " + std::to_string(n) +
                         ": no range to space (expected -n with a --vary KEY=LO:HI; listed "
                         "values are run as listed)");
      std::vector<std::vector<std::string>> levels;
      for (const auto& f : factors) {
        if (!f.range) {
          levels.push_back(f.values);
          continue;
        }
        if (n < 2) throw InputError("--vary " + f.key + "=LO:HI: expected -n N (N >= 2 values)");
        // Evenly spaced; the last is HI exactly, so rounding in the step can neither leave
        // it short nor push it past the key's range.
        std::vector<std::string> spaced;
        for (int i = 0; i < n; ++i)
          spaced.push_back(
              level_text(i == n - 1 ? f.range->high
                                    : f.range->low + (f.range->high - f.range->low) * i / (n - 1)));
        levels.push_back(spaced);
      }
      std::size_t count = 1;
      for (const auto& l : levels) count *= l.size();
      constexpr std::size_t kMostPoints = 1'000'000;
      if (count > kMostPoints)
        throw InputError("--vary: " + std::to_string(count) + " points (expected at most " +
                         std::to_string(kMostPoints) + ")");
      // The factorial of indices, then the values they name.
      std::vector<std::vector<double>> indices(levels.size());
      for (std::size_t k = 0; k < levels.size(); ++k)
        for (std::size_t i = 0; i < levels[k].size(); ++i) indices[k].push_back(double(i));
      for (const auto& point : full_factorial(indices)) {
        std::vector<std::string> text;
        std::vector<double> numbers;
        for (std::size_t k = 0; k < levels.size(); ++k) {
          text.push_back(levels[k][std::size_t(point[k])]);
          numbers.push_back(number_or_nan(text.back()));
        }
        design_text_.push_back(text);
        design_.push_back(numbers);
      }
    } else {
      throw InputError("--design " + design + ": expected full or lhs");
    }
    if (values.count("metric")) {
      metric_ = metric_index(cluster_model(base).metrics, values["metric"].as<std::string>());
      finals_.assign(design_.size(), std::vector<double>(std::size_t(base.replications)));
    }
  }

  void keep(int point, int replication, const ReplicationSeries& series) override {
    if (metric_ >= 0)
      finals_[std::size_t(point)][std::size_t(replication)] =
          series.at(metric_, series.columns() - 1);
  }

  void analyse(const EnsembleSession&) override {}

  void report(const EnsembleSession& session) override {
    if (session.quiet) return;
    std::cout << design_.size() << " points x " << replications() << " replications written to "
              << session.output << "\n";
    if (metric_ < 0) return;
    const auto& info = metrics()[std::size_t(metric_)];
    const auto& range = info.range;
    std::cout << "\n" << info.name << " (" << info.units << "), final month: mean [95% interval]\n";
    for (std::size_t p = 0; p < design_.size(); ++p) {
      std::string point;
      for (std::size_t k = 0; k < keys_.size(); ++k)
        point += (k ? ", " : "") + keys_[k] + "=" +
                 (design_text_.empty() ? number_text(design_[p][k]) : design_text_[p][k]);
      const Interval i = bounded_mean_interval(finals_[p], range.lower, range.upper);
      char line[128];
      if (i.n >= 2)
        std::snprintf(line, sizeof line, "  %12.5g [%.5g, %.5g]", i.mean, i.low, i.high);
      else  // one replication has no spread to build an interval from
        std::snprintf(line, sizeof line, "  %12.5g n/a (1 replication)", i.mean);
      std::cout << line << "  " << point << "\n";
    }
  }

 private:
  int metric_ = -1;
  std::vector<std::vector<double>> finals_;
};

}  // namespace

int grid_command(const std::vector<std::string>& args, const std::string& command_line) {
  return GridCommand().main(args, command_line);
}

}  // namespace clustersim::app

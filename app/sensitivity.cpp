// `clustersim sensitivity`: global sensitivity of one metric to scenario keys, by the
// Morris screening or Sobol indices (analysis/sensitivity.hpp), every design point run
// on the same replications (common random numbers), with the share of the output's
// variance that is the model's own noise beside the indices.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <numeric>

#include "analysis/sensitivity.hpp"
#include "app/commands.hpp"
#include "app/experiment_command.hpp"
#include "app/key_range.hpp"
#include "app/metric_lookup.hpp"
#include "sim/diagnostics.hpp"
#include "sim/year_month.hpp"

namespace clustersim::app {
namespace {

// The metric's value a run contributes: at one column, or summed over a window.
struct Reduction {
  int metric = 0;
  int from = 0, to = 0;  // columns, inclusive; from == to: one column
  std::string text;      // "at 2024-12", "sum 2021-01:2021-12"

  double of(const ReplicationSeries& series) const {
    double sum = 0;
    for (int t = from; t <= to; ++t) sum += series.at(metric, t);
    return sum;
  }

  // The reduced value's units: a flow summed over months is a total (mln RUB, not mln
  // RUB/month); a stock or running total summed counts months (firms x months).
  std::string units_of(const MetricInfo& info) const {
    if (from == to) return info.units;
    if (info.kind != MetricKind::flow) return info.units + " x months";
    const std::string per_month = "/month";
    const auto& units = info.units;
    if (units.size() > per_month.size() &&
        units.compare(units.size() - per_month.size(), per_month.size(), per_month) == 0)
      return units.substr(0, units.size() - per_month.size());
    return units;
  }
};

// An index and its 95% interval, "0.512 [ 0.401,  0.630]", or "0.512 [n/a]" without one.
std::string index_text(const IndexEstimate& index) {
  char text[64];
  if (std::isnan(index.low))
    std::snprintf(text, sizeof text, "%6.3f [n/a]", index.value);
  else
    std::snprintf(text, sizeof text, "%6.3f [%6.3f, %6.3f]", index.value, index.low, index.high);
  return text;
}

class SensitivityCommand final : public ExperimentCommand {
 public:
  SensitivityCommand()
      : ExperimentCommand(
            {"clustersim sensitivity SCENARIO --param KEY=LO:HI... --method morris|sobol "
             "-n N --metric NAME [--at YYYY-MM | --sum FROM:TO]",
             "Global sensitivity of a metric to scenario keys over their ranges: the Morris "
             "screening (mu*, sigma over N trajectories) or Sobol first-order and total "
             "indices (Saltelli sampling with N base points, Jansen estimators, bootstrap 95% "
             "intervals). Every point runs the same replications, and the share of the "
             "output's variance that is the model's own noise is reported.",
             "_sensitivity.h5", "no progress bar, no table"}) {}

 protected:
  std::string kind() const override { return "sensitivity"; }

  void add_design_options(po::options_description& options) override {
    options.add_options()("param", po::value<std::vector<std::string>>()->composing()->required(),
                          "a key and its range, KEY=LO:HI (repeatable)")(
        "method", po::value<std::string>()->default_value("morris"), "morris or sobol")(
        "points,n", po::value<int>()->required(),
        "Morris: trajectories; Sobol: base points N (N (k + 2) design points in all)")(
        "metric", po::value<std::string>()->required(), "the metric analysed")(
        "at", po::value<std::string>(), "its value at this month, YYYY-MM (default: the last)")(
        "sum", po::value<std::string>(), "or its sum over FROM:TO (months, YYYY-MM:YYYY-MM)")(
        "levels", po::value<int>()->default_value(4), "Morris: grid levels p (even)")(
        "bootstrap", po::value<int>()->default_value(1000), "Sobol: bootstrap resamples")(
        "design-seed", po::value<std::uint64_t>(),
        "seed of the design and the bootstrap (default: the scenario's seed)");
  }

  void plan_design(const po::variables_map& values, const Scenario& base) override {
    DistinctKeys keys;
    for (const auto& text : values["param"].as<std::vector<std::string>>()) {
      const auto range = parse_key_range("--param", text);
      keys.add("--param", text, range.key);
      ranges_.push_back({range.key, range.low, range.high});
      keys_.push_back(range.key);
      origins_.push_back(range.origin);
    }
    method_ = values["method"].as<std::string>();
    const int n = values["points"].as<int>();
    const auto seed =
        values.count("design-seed") ? values["design-seed"].as<std::uint64_t>() : base.seed;
    if (method_ == "morris") {
      if (n < 2) throw InputError("-n " + std::to_string(n) + ": expected at least 2 trajectories");
      const int levels = values["levels"].as<int>();
      if (levels < 2 || levels % 2 != 0)
        throw InputError("--levels " + std::to_string(levels) + ": expected an even number >= 2");
      morris_ = {n, levels, seed};
      design_ = morris_design(ranges_, morris_);
    } else if (method_ == "sobol") {
      if (n < 4) throw InputError("-n " + std::to_string(n) + ": expected at least 4 base points");
      const int bootstrap = values["bootstrap"].as<int>();
      if (bootstrap < 0) throw InputError("--bootstrap: expected 0 or more resamples");
      sobol_ = {n, bootstrap, seed};
      design_ = saltelli_design(ranges_, sobol_);
    } else {
      throw InputError("--method " + method_ + ": expected morris or sobol");
    }
    plan_reduction(values, base);
    outputs_.assign(design_.size(), std::vector<double>(std::size_t(base.replications)));
  }

  void keep(int point, int replication, const ReplicationSeries& series) override {
    outputs_[std::size_t(point)][std::size_t(replication)] = reduction_.of(series);
  }

  void analyse(const EnsembleSession& session) override {
    const auto means = point_means(outputs_);
    noise_ = noise_share(outputs_);
    DatasetGroup group;
    group.attribute("method", method_);
    group.attribute("metric", metrics()[std::size_t(reduction_.metric)].name);
    group.attribute("reduction", reduction_.text);
    group.attribute("noise_share", noise_);
    group.add("keys", keys_);
    std::vector<double> low, high;
    for (const auto& r : ranges_) {
      low.push_back(r.low);
      high.push_back(r.high);
    }
    group.add("low", low);
    group.add("high", high);
    group.add("point_mean", means);
    if (method_ == "morris") {
      effects_ = morris_effects(design_, means, ranges_, morris_);
      std::vector<double> mu_star, mu, sigma;
      for (const auto& e : effects_) {
        mu_star.push_back(e.mu_star);
        mu.push_back(e.mu);
        sigma.push_back(e.sigma);
      }
      group.add("mu_star", mu_star);
      group.add("mu", mu);
      group.add("sigma", sigma);
    } else {
      indices_ = sobol_indices(means, int(ranges_.size()), sobol_);
      const auto add = [&](const char* name, const std::vector<IndexEstimate>& estimates) {
        std::vector<double> value, lo, hi;
        for (const auto& e : estimates) {
          value.push_back(e.value);
          lo.push_back(e.low);
          hi.push_back(e.high);
        }
        group.add(name, value);
        group.add(std::string(name) + "_low", lo);
        group.add(std::string(name) + "_high", hi);
      };
      add("first_order", indices_.first);
      add("total", indices_.total);
      group.attribute("variance", indices_.variance);
    }
    session.writer.write_group("/sensitivity", group);
  }

  void report(const EnsembleSession& session) override {
    if (session.quiet) return;
    const auto& info = metrics()[std::size_t(reduction_.metric)];
    std::cout << method_ << " sensitivity of " << info.name << " (" << reduction_.text << ", "
              << reduction_.units_of(info) << "): " << design_.size() << " points x "
              << replications() << " replications, written to " << session.output << "\n";
    if (std::isnan(noise_))
      std::cout << "noise share: n/a (1 replication: the model's own noise cannot be told "
                   "from the keys' effects; use -r 2 or more)\n\n";
    else
      std::cout << "noise share: " << noise_
                << " of the variance between points is the model's own noise\n\n";
    const std::size_t k = ranges_.size();
    std::vector<std::size_t> order(k);
    std::iota(order.begin(), order.end(), 0);
    const auto importance = [&](std::size_t i) {
      return method_ == "morris" ? effects_[i].mu_star : indices_.total[i].value;
    };
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return importance(a) > importance(b); });
    int width = 30;  // the longest key sets the first column
    for (const auto& key : keys_) width = std::max(width, int(key.size()) + 1);
    char line[512];
    if (method_ == "morris") {
      std::snprintf(line, sizeof line, "%-*s %12s %12s %12s\n", width, "key (most important first)",
                    "mu*", "mu", "sigma");
      std::cout << line;
      for (auto i : order) {
        std::snprintf(line, sizeof line, "%-*s %12.4g %12.4g %12.4g\n", width, keys_[i].c_str(),
                      effects_[i].mu_star, effects_[i].mu, effects_[i].sigma);
        std::cout << line;
      }
      return;
    }
    std::snprintf(line, sizeof line, "%-*s %22s %22s\n", width, "key (largest total first)",
                  "first order [95%]", "total [95%]");
    std::cout << line;
    for (auto i : order) {
      std::snprintf(line, sizeof line, "%-*s %22s %22s\n", width, keys_[i].c_str(),
                    index_text(indices_.first[i]).c_str(), index_text(indices_.total[i]).c_str());
      std::cout << line;
    }
    if (sobol_.bootstrap == 0) std::cout << "no intervals: --bootstrap 0 draws no resamples\n";
  }

 private:
  void plan_reduction(const po::variables_map& values, const Scenario& base) {
    reduction_.metric =
        metric_index(cluster_model(base).metrics, values["metric"].as<std::string>());
    const auto labels = column_labels(base.calendar);
    if (values.count("at") && values.count("sum"))
      throw InputError("--at and --sum: expected one of them");
    if (values.count("sum")) {
      const std::string window = values["sum"].as<std::string>();
      const auto colon = window.find(':');
      if (colon == std::string::npos)
        throw InputError("--sum " + window + ": expected FROM:TO, e.g. 2021-01:2021-12");
      reduction_.from = month_column(labels, window.substr(0, colon), "--sum");
      reduction_.to = month_column(labels, window.substr(colon + 1), "--sum");
      if (reduction_.from > reduction_.to)
        throw InputError("--sum " + window + ": expected FROM before TO");
      reduction_.text = "sum " + window;
      return;
    }
    const std::string month = values.count("at") ? values["at"].as<std::string>() : labels.back();
    reduction_.from = reduction_.to = month_column(labels, month, "--at");
    reduction_.text = "at " + month;
  }

  std::vector<ParameterRange> ranges_;
  std::string method_;
  MorrisOptions morris_;
  SobolOptions sobol_;
  Reduction reduction_;
  std::vector<std::vector<double>> outputs_;  // points x replications
  double noise_ = 0;
  std::vector<MorrisEffect> effects_;
  SobolIndices indices_;
};

}  // namespace

int sensitivity_command(const std::vector<std::string>& args, const std::string& command_line) {
  return SensitivityCommand().main(args, command_line);
}

}  // namespace clustersim::app

// `clustersim sweep`: one-at-a-time sensitivity of a metric to scenario keys. Each key is
// set to its low and its high value with everything else at the scenario's; with one
// seed, replication r of every run shares its random numbers, so the effect high - low
// is a paired difference with a narrow interval. Keys are ranked by |effect| (a tornado).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <optional>
#include <sstream>

#include "analysis/records.hpp"
#include "analysis/summary.hpp"
#include "app/commands.hpp"
#include "app/ensemble_command.hpp"
#include "app/key_range.hpp"
#include "app/sweep_plan.hpp"
#include "models/scenario/scenario_writer.hpp"

namespace clustersim::app {
namespace {

class SweepCommand final : public EnsembleCommand {
 public:
  SweepCommand()
      : EnsembleCommand(
            {"clustersim sweep SCENARIO --vary KEY=LO:HI... --metric NAME",
             "One-at-a-time sensitivity analysis: runs the scenario with each --vary key at its "
             "low and high value (others unchanged) and ranks the keys by the paired effect on "
             "the metric.",
             "_sweep.h5", "no progress bar, no table"}) {}

 protected:
  void add_options(po::options_description& options) override {
    options.add_options()("vary", po::value<std::vector<std::string>>()->composing()->required(),
                          "a key and its range, KEY=LO:HI (repeatable)")(
        "metric", po::value<std::string>()->required(), "metric whose sensitivity is measured")(
        "month", po::value<std::string>(), "column compared, YYYY-MM (default: the last)");
  }

  Scenario prepare(const po::variables_map& values, const ScenarioSource& source) override {
    std::vector<KeyRange> ranges;
    DistinctKeys keys;
    for (const auto& text : values["vary"].as<std::vector<std::string>>()) {
      ranges.push_back(parse_key_range("--vary", text));
      keys.add("--vary", text, ranges.back().key);
    }
    for (const auto& range : ranges)
      refuse_keys_also_set(set_values(values), {range.key}, {range.origin});
    std::optional<std::string> month;
    if (values.count("month")) month = values["month"].as<std::string>();
    // Everything is loaded before anything runs, so bad input writes nothing.
    plan_.emplace(std::move(ranges), values["metric"].as<std::string>(), month, source);
    plan_text_ = plan_text(plan_->baseline());
    return plan_->baseline();
  }

  void execute(const EnsembleSession& session) override {
    record_ = plan_->run(open_journal(session.output, plan_text_), session.stop, !session.quiet);
    session.writer.write_group("/sweep", to_datasets(record_));
  }

  // Runs stream through the runner: only the compared values are kept.
  int tables_held() const override { return 0; }
  bool resumable() const override { return true; }

  void report(const EnsembleSession& session) override {
    if (session.quiet) return;
    std::cout << "sensitivity of " << record_.metric << " at " << record_.label
              << " (baseline mean " << mean_interval(record_.baseline).mean << "), "
              << record_.replications << " paired replications, written to " << session.output
              << "\n\n";
    print_tornado();
  }

 private:
  // Everything that decides the runs' results: a resumed sweep must match it. Variant 0 is
  // the scenario, then each key at its low and its high value.
  std::string plan_text(const Scenario& baseline) const {
    std::ostringstream text;
    text << plan_heading("sweep", baseline);
    for (const auto& range : plan_->ranges())
      text << "vary " << range.key << "=" << number_text(range.low) << ":"
           << number_text(range.high) << "\n";
    text << to_toml(baseline);
    return text.str();
  }

  // Keys by |effect|, largest first; '*' marks intervals that exclude 0.
  void print_tornado() const {
    std::vector<std::size_t> order(record_.keys.size());
    for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return std::abs(record_.effect[a]) > std::abs(record_.effect[b]);
    });
    char line[256];
    std::snprintf(line, sizeof line, "%-44s %10s %10s %12s  %s\n", "key (largest effect first)",
                  "low", "high", "high - low", "95% interval");
    std::cout << line;
    for (const auto k : order) {
      if (record_.replications < 2) {  // one pair has no spread: no interval, no mark
        std::snprintf(line, sizeof line, "%-44s %10.4g %10.4g %12.4g  n/a (1 replication)\n",
                      record_.keys[k].c_str(), record_.low[k], record_.high[k], record_.effect[k]);
      } else {
        std::snprintf(line, sizeof line, "%-44s %10.4g %10.4g %12.4g  [%.4g, %.4g]%s\n",
                      record_.keys[k].c_str(), record_.low[k], record_.high[k], record_.effect[k],
                      record_.effect_low[k], record_.effect_high[k],
                      record_.effect_low[k] > 0 || record_.effect_high[k] < 0 ? " *" : "");
      }
      std::cout << line;
    }
  }

  std::optional<SweepPlan> plan_;
  SweepRecord record_;
  std::string plan_text_;
};

}  // namespace

int sweep_command(const std::vector<std::string>& args, const std::string& command_line) {
  return SweepCommand().main(args, command_line);
}

}  // namespace clustersim::app

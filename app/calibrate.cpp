// `clustersim calibrate`: the method of simulated moments (analysis/calibration.hpp) on the
// cluster model. Scenario keys are chosen within their ranges so that moments of simulated
// metrics come as close to observed ones (a targets file) as their precision allows. Every
// evaluation runs the scenario's own R replications (common random numbers) and is kept in
// a journal beside the output as it finishes: the search is deterministic, so a killed
// calibration with --resume replays the kept evaluations and ends as if never stopped.
#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>

#include "analysis/calibration.hpp"
#include "analysis/experiment_runner.hpp"
#include "analysis/run_distribution.hpp"
#include "analysis/run_journal.hpp"
#include "app/commands.hpp"
#include "app/ensemble_command.hpp"
#include "app/key_range.hpp"
#include "app/metric_lookup.hpp"
#include "build_info.hpp"
#include "models/scenario/scenario_loader.hpp"
#include "models/scenario/scenario_writer.hpp"
#include "sim/csv_writer.hpp"
#include "sim/diagnostics.hpp"
#include "sim/output_path.hpp"
#include "sim/progress.hpp"
#include "sim/schema.hpp"
#include "sim/toml_document.hpp"

namespace clustersim::app {
namespace {

namespace fs = std::filesystem;

using MomentRows = std::vector<std::vector<double>>;  // replications x targets

// The evaluations of one calibration, on a RunJournal (atomic files; a resumed search must
// have the same plan). Evaluation k is kept as run (k, 0): one row per replication, each
// theta and then that replication's moments, so theta is matched bit for bit.
class EvaluationJournal {
 public:
  EvaluationJournal(const std::string& output, const std::string& plan, std::size_t parameters,
                    bool resume, bool discard)
      : journal_(hidden_beside(output, ".evals"), plan, resume, discard), parameters_(parameters) {
    for (; journal_.has(next_, 0); ++next_) kept_.emplace(bits_of(theta_of(next_)), next_);
    resumed_ = next_;
  }

  std::optional<MomentRows> find(const std::vector<double>& theta) {
    const auto it = kept_.find(bits_of(theta));
    if (it == kept_.end()) return std::nullopt;
    if (it->second < resumed_) ++read_back_;  // else a point this search met before
    const ReplicationSeries rows = journal_.load(it->second, 0);
    MomentRows moments;
    for (int r = 0; r < rows.metrics(); ++r)
      moments.emplace_back(rows.row(r) + theta.size(), rows.row(r) + rows.columns());
    return moments;
  }

  void save(const std::vector<double>& theta, const MomentRows& moments) {
    const int columns = int(theta.size() + moments.front().size());
    ReplicationSeries rows(int(moments.size()), columns);
    for (std::size_t r = 0; r < moments.size(); ++r) {
      std::copy(theta.begin(), theta.end(), &rows.at(int(r), 0));
      std::copy(moments[r].begin(), moments[r].end(), &rows.at(int(r), int(theta.size())));
    }
    journal_.save(next_, 0, rows);
    kept_.emplace(bits_of(theta), next_++);
  }

  // Lookups answered by evaluations of an earlier, interrupted process.
  int read_back() const { return read_back_; }
  int kept() const { return next_; }
  const std::string& folder() const { return journal_.folder(); }
  void remove() { journal_.remove(); }

 private:
  static std::vector<std::uint64_t> bits_of(const std::vector<double>& theta) {
    std::vector<std::uint64_t> bits;
    for (double value : theta) bits.push_back(std::bit_cast<std::uint64_t>(value));
    return bits;
  }
  std::vector<double> theta_of(int evaluation) const {
    const ReplicationSeries rows = journal_.load(evaluation, 0);
    return {rows.row(0), rows.row(0) + parameters_};
  }

  RunJournal journal_;
  std::size_t parameters_ = 0;
  std::map<std::vector<std::uint64_t>, int> kept_;  // theta's bits -> evaluation
  int next_ = 0, resumed_ = 0, read_back_ = 0;
};

// "parameters.x" at 0.5 -> "parameters.x=0.5" (number_text: reads back as the same double).
std::string assignment(const std::string& key, double value) {
  return key + "=" + number_text(value);
}

std::string short_number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4g", value);
  return text;
}

class CalibrateCommand final : public EnsembleCommand {
 public:
  CalibrateCommand()
      : EnsembleCommand(
            {"clustersim calibrate SCENARIO --targets TARGETS.toml --param KEY=LO:HI... "
             "[options]",
             "Calibrates scenario keys by the method of simulated moments: chooses the values "
             "of the --param keys, within their ranges, at which moments of the simulated "
             "metrics (defined in the targets file: a metric, a window of months, a reduction "
             "and the observed value with its standard error or a weight) come as close to the "
             "observed ones as their precision allows. Each candidate runs the scenario's R "
             "replications with its seed (the same runs for every candidate, so candidates "
             "differ by their parameters, not their luck). Local searches (BOBYQA or Sbplx) "
             "start from a Latin hypercube of points; the weights are re-estimated at the first "
             "optimum (two-step). Reports each moment's fit (z), each key's estimate with a 95% "
             "interval, and J with its chi-square p-value; writes the /calibration group to the "
             "results file and a fitted scenario that extends SCENARIO with the estimates. "
             "Every evaluation is kept in .OUTPUT.evals beside the output until the results are "
             "written, so a killed calibration continues with --resume and ends as if never "
             "stopped. See docs/calibration.md.",
             "_calibration.h5", "no progress bar, no report"}) {}

 protected:
  void add_options(po::options_description& options) override {
    const double default_step = CalibrationOptions{}.derivative_step;
    options.add_options()("targets", po::value<std::string>()->required(),
                          "the observed moments (TOML, docs/calibration.md)")(
        "param", po::value<std::vector<std::string>>()->composing()->required(),
        "a key to calibrate and the range searched, KEY=LO:HI (repeatable)")(
        "starts", po::value<int>()->default_value(4),
        "local searches, from a Latin hypercube of starting points")(
        "evaluations", po::value<int>()->default_value(200),
        "at most this many evaluations (each R runs) per local search")(
        "optimiser", po::value<std::string>()->default_value("bobyqa"),
        "bobyqa (quadratic models; the default) or sbplx (a Nelder-Mead variant)")(
        "derivative-step",
        po::value<double>()->default_value(default_step, csv_number(default_step)),
        "step of the finite differences for the intervals, as a share of each range (0 to "
        "0.5); larger steps average over more of the discrete events behind count moments")(
        "fitted", po::value<std::string>(),
        "the fitted scenario to write (default: OUTPUT's stem with _fitted.toml, beside it)")(
        "resume",
        "continue a calibration that was interrupted or killed: its evaluations (kept in "
        ".OUTPUT.evals beside the output) are read back instead of run");
  }

  Scenario prepare(const po::variables_map& values, const ScenarioSource& source) override {
    source_ = source;
    resume_ = values.count("resume") > 0;
    force_ = values.count("force") > 0;
    Scenario base = source.load();
    if (base.replications < 2)
      throw InputError("-r " + std::to_string(base.replications) +
                       ": expected at least 2 replications (their spread is the simulation "
                       "noise the weights and intervals need)");
    read_parameters(values);
    read_search_options(values, base);
    targets_path_ = values["targets"].as<std::string>();
    problem_.targets = read_targets(targets_path_);
    check_targets(base);
    check_keys();
    const std::string output = output_path(values, source.path, "_calibration.h5");
    fitted_path_ = fitted_path(values, output);
    plan_ = plan_text(base);
    return base;
  }

  void execute(const EnsembleSession& session) override {
    journal_ = std::make_unique<EvaluationJournal>(session.output, plan_,
                                                   problem_.parameters.size(), resume_, force_);
    ProgressBar progress(!session.quiet);
    options_.stop = &session.stop;
    options_.progress = [&](const CalibrationProgress& p) {
      progress.update(p.evaluations, most_evaluations());
    };
    problem_.simulate = [&](const std::vector<double>& theta) { return simulate(session, theta); };
    const auto start = std::chrono::steady_clock::now();
    result_ = calibrate(problem_, options_);
    seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    // The bar's total was an upper bound, and the last evaluations (the derivatives) do not
    // report: end it at 100%.
    if (!result_.stopped) progress.update(result_.evaluations, result_.evaluations);
    progress.clear();
    // A stopped search has no intervals: nothing is written, and --resume goes on.
    if (result_.stopped) throw Interrupted{};
    refuse_undefined_moments();
    session.writer.write_group("/calibration", to_datasets(result_));
  }

  // A moment the model leaves undefined at the estimate (a growth from 0, a ratio of 0
  // to 0) makes J undefined there and at every point the search preferred to it, so there
  // is no fit to report: bad targets for this scenario, and no fitted scenario is written.
  void refuse_undefined_moments() const {
    std::string undefined;
    for (const auto& m : result_.moments)
      if (!std::isfinite(m.simulated))
        undefined += (undefined.empty() ? "" : ", ") + m.target.name + " (" + m.target.metric + ")";
    if (!undefined.empty())
      throw InputError(targets_path_ + ": the model leaves " + undefined +
                       " undefined at the best point the search found (expected moments the "
                       "scenario defines: a growth or ratio needs a base that is not 0)");
  }

  // The optimiser picks each point from the moments of the last ones.
  std::string shard_refusal() const override {
    return "its optimiser picks each evaluation from the moments of the last ones, so the "
           "runs are not known in advance";
  }

  void committed(const EnsembleSession&) override {
    if (worker()) return;  // rank 0 writes the fitted scenario
    write_fitted();
    if (journal_) journal_->remove();  // the results file and the fitted file hold it all
  }

  std::string interrupted_note() const override {
    if (!journal_) return "";
    return "; the " + std::to_string(journal_->kept()) + " evaluations that finished are kept in " +
           journal_->folder() + ": the same command with --resume reads them back and goes on";
  }

  void report(const EnsembleSession& session) override {
    if (session.quiet) return;
    std::cout << "calibration of " << session.scenario.name << ": " << result_.parameters.size()
              << " keys, " << result_.moments.size() << " moments, " << result_.replications
              << " replications per evaluation\n"
              << "written to " << session.output << "; fitted scenario " << fitted_path_ << "\n\n";
    print_moments();
    std::cout << '\n';
    print_parameters();
    std::cout << '\n';
    print_fit();
  }

 private:
  void read_parameters(const po::variables_map& values) {
    DistinctKeys keys;
    for (const auto& text : values["param"].as<std::vector<std::string>>()) {
      const auto range = parse_key_range("--param", text);
      keys.add("--param", text, range.key);
      problem_.parameters.push_back({range.key, range.low, range.high});
      origins_.push_back(range.origin);
      refuse_keys_also_set(set_values(values), {range.key}, {range.origin});
    }
  }

  void read_search_options(const po::variables_map& values, const Scenario& base) {
    options_.starts = values["starts"].as<int>();
    options_.evaluations_per_start = values["evaluations"].as<int>();
    if (options_.starts < 1)
      throw InputError("--starts " + std::to_string(options_.starts) + ": expected 1 or more");
    if (options_.evaluations_per_start < 1)
      throw InputError("--evaluations " + std::to_string(options_.evaluations_per_start) +
                       ": expected 1 or more");
    const std::string optimiser = values["optimiser"].as<std::string>();
    if (optimiser != "bobyqa" && optimiser != "sbplx")
      throw InputError("--optimiser " + optimiser + ": expected bobyqa or sbplx");
    options_.optimiser = optimiser == "sbplx" ? LocalOptimiser::sbplx : LocalOptimiser::bobyqa;
    const double step = values["derivative-step"].as<double>();
    if (!(step > 0 && step <= 0.5))
      throw InputError("--derivative-step " + csv_number(step) +
                       ": expected a share of the "
                       "range above 0 and at most 0.5");
    options_.derivative_step = step;
    options_.seed = base.seed;  // of the starting points
  }

  // Every target's metric is the model's and every month of its window a column of the
  // calendar; all problems at once, at their place in the targets file.
  void check_targets(const Scenario& base) {
    const auto metrics = cluster_model(base).metrics;
    labels_ = column_labels(base.calendar);
    Diagnostics read_problems, problems;
    const auto document = read_document_file(targets_path_, read_problems);
    const auto where = [&](std::size_t i, const char* key) {
      const auto* node = document ? (*document)["target"][i][key].node() : nullptr;
      return node ? position_of(*node) : SourcePosition{targets_path_, 0, 0};
    };
    metric_of_.clear();
    for (std::size_t i = 0; i < problem_.targets.size(); ++i) {
      const auto& target = problem_.targets[i];
      const std::string prefix = "target[" + std::to_string(i) + "]";
      try {
        metric_of_.push_back(metric_index(metrics, target.metric, "metric"));
      } catch (const InputError& error) {
        problems.add(where(i, "metric"), prefix + ".metric", error.what());
      }
      const auto check_month = [&](YearMonth month, const char* key) {
        if (std::find(labels_.begin(), labels_.end(), month.to_string()) == labels_.end())
          problems.add(where(i, key), prefix + "." + key,
                       month.to_string() + " is not a month of the scenario (expected " +
                           labels_.front() + " to " + labels_.back() + ")");
      };
      check_month(target.to, "to");
      if (target.reduction != Reduction::final) check_month(first_month_read(target), "from");
    }
    if (!problems.empty()) {
      problems.sort();
      throw InputError(problems);
    }
  }

  // The scenario takes each key at its box's ends (the others at the centre), and each key
  // can be a dotted key of the fitted file: else bad input, before anything runs.
  void check_keys() const {
    std::vector<double> centre;
    for (const auto& range : problem_.parameters) centre.push_back((range.low + range.high) / 2);
    load_naming_options(centre);
    for (std::size_t p = 0; p < centre.size(); ++p)
      for (double end : {problem_.parameters[p].low, problem_.parameters[p].high}) {
        auto theta = centre;
        theta[p] = end;
        load_naming_options(theta);
      }
    CalibrationResult probe;
    for (const auto& range : problem_.parameters) probe.parameters.push_back({range.key});
    try {
      fitted_scenario_text(probe, "x.toml");
    } catch (const std::invalid_argument& error) {
      throw InputError(std::string("--param: ") + error.what());
    }
  }

  std::string fitted_path(const po::variables_map& values, const std::string& output) const {
    const fs::path out(output);
    const std::string path =
        values.count("fitted")
            ? values["fitted"].as<std::string>()
            : (out.parent_path() / (out.stem().string() + "_fitted.toml")).string();
    const std::string option = values.count("fitted") ? "--fitted" : "fitted scenario";
    // The results file does not exist yet, so the inputs' check (by file identity) misses it.
    if (fs::weakly_canonical(path) == fs::weakly_canonical(output))
      throw InputError(option + " " + path + ": the results file (expected another name)");
    auto inputs = document_files(source_.path);
    inputs.push_back(source_.path);
    for (const auto& file : document_files(targets_path_)) inputs.push_back(file);
    check_output_path(path, inputs, force_, option);
    return path;
  }

  // Loads the scenario at theta; a refusal names the --param option, not --set.
  void load_naming_options(const std::vector<double>& theta) const {
    const auto overrides = overrides_at(theta);
    try {
      load_scenario_file(source_.path, overrides);
    } catch (const InputError& error) {
      rethrow_naming_options(error, design_settings(overrides, source_.overrides.size(), origins_));
    }
  }

  std::vector<std::string> overrides_at(const std::vector<double>& theta) const {
    auto overrides = source_.overrides;
    for (std::size_t p = 0; p < theta.size(); ++p)
      overrides.push_back(assignment(problem_.parameters[p].key, theta[p]));
    return overrides;
  }

  // Everything that decides the evaluations: a resumed calibration must match it.
  std::string plan_text(const Scenario& base) const {
    std::ostringstream text;
    text << "clustersim calibrate (program " << build_info::git_commit << ")\n";
    for (const auto& o : source_.overrides) text << "set " << o << '\n';
    for (const auto& p : problem_.parameters)
      text << "param " << p.key << ' ' << number_text(p.low) << ' ' << number_text(p.high) << '\n';
    for (const auto& t : problem_.targets)
      text << "target " << t.name << ' ' << t.metric << ' ' << name_of(kReductionNames, t.reduction)
           << ' ' << t.from.to_string() << ' ' << t.to.to_string() << ' ' << number_text(t.value)
           << ' ' << number_text(t.standard_error) << ' ' << number_text(t.weight) << '\n';
    text << "starts " << options_.starts << " evaluations " << options_.evaluations_per_start
         << " optimiser " << int(options_.optimiser) << " seed " << options_.seed << '\n';
    text << to_toml(base);
    return text.str();
  }

  // The moments of the R replications at theta: read back from the journal, or run.
  MomentRows simulate(const EnsembleSession& session, const std::vector<double>& theta) {
    if (auto kept = kept_rows(theta)) return *kept;
    const Scenario scenario = load_scenario_file(source_.path, overrides_at(theta));
    MomentRows rows(std::size_t(scenario.replications));
    // The R replications through the runner (each as run_ensemble makes it): under MPI
    // they are spread over the ranks, and every rank gets the moments, so the optimiser
    // follows the same path on each.
    ExperimentShape shape{1, scenario.replications};
    shape.steers_next_runs = true;
    ExperimentCallbacks callbacks;
    callbacks.run = [&](int, int r) { return run_replication(scenario, r, &session.stop); };
    callbacks.finished = [&](int, int r, const ReplicationSeries& series) {
      auto& row = rows[std::size_t(r)];
      row.clear();
      for (std::size_t i = 0; i < problem_.targets.size(); ++i) {
        const double* values = series.row(metric_of_[i]);
        row.push_back(reduce_series(problem_.targets[i], labels_,
                                    std::vector<double>(values, values + series.columns())));
      }
    };
    run_experiment(shape, nullptr, callbacks, &session.stop);
    journal_->save(theta, rows);
    return rows;
  }

  // The moments at theta kept by the journal; under MPI, rank 0's journal answers for all.
  std::optional<MomentRows> kept_rows(const std::vector<double>& theta) {
    std::optional<MomentRows> kept = journal_->find(theta);
    RunDistributor* distributor = run_distributor();
    if (!distributor) return kept;
    std::string bytes;
    if (kept)
      for (const auto& row : *kept) {
        const double count = double(row.size());
        bytes.append(reinterpret_cast<const char*>(&count), sizeof count);
        bytes.append(reinterpret_cast<const char*>(row.data()), sizeof(double) * row.size());
      }
    bytes = distributor->share_text(bytes);
    if (bytes.empty()) return std::nullopt;
    MomentRows rows;
    for (std::size_t at = 0; at < bytes.size();) {
      double count = 0;
      std::memcpy(&count, bytes.data() + at, sizeof count);
      at += sizeof count;
      std::vector<double> row(static_cast<std::size_t>(count));
      std::memcpy(row.data(), bytes.data() + at, sizeof(double) * row.size());
      at += sizeof(double) * row.size();
      rows.push_back(std::move(row));
    }
    if (!kept) journal_->save(theta, rows);  // a worker keeps it too: the same next point
    return rows;
  }

  // The most evaluations calibrate can make: pilot, searches, second step, estimate and
  // the derivatives (the bar's total; searches usually converge sooner).
  long most_evaluations() const {
    const long per_start = options_.evaluations_per_start;
    return 1 + options_.starts * per_start + (options_.two_step ? 1 + per_start : 0) + 1 +
           2 * long(problem_.parameters.size());
  }

  void write_fitted() const {
    const fs::path fitted = fs::absolute(fitted_path_);
    const std::string extends =
        fs::relative(fs::absolute(source_.path), fitted.parent_path()).generic_string();
    std::string text = fitted_scenario_text(result_, extends);
    if (!source_.overrides.empty()) {
      text += "\n# The calibration ran with these overrides, not part of this file:";
      for (const auto& o : source_.overrides) text += " --set " + o;
      text += "\n";
    }
    const std::string temporary = fitted.string() + ".tmp";
    {
      std::ofstream out(temporary, std::ios::trunc);
      out << text;
      out.flush();
      if (!out) throw OutputError("cannot write " + temporary + " (disk full?)");
    }
    fs::rename(temporary, fitted);
  }

  void print_moments() const {
    char line[256];
    std::snprintf(line, sizeof line, "%-28s %-22s %12s %12s %8s\n", "moment", "metric", "target",
                  "simulated", "z");
    std::cout << line;
    for (const auto& m : result_.moments) {
      std::snprintf(line, sizeof line, "%-28s %-22s %12.5g %12.5g %8.2f\n", m.target.name.c_str(),
                    m.target.metric.c_str(), m.target.value, m.simulated, m.z);
      std::cout << line;
    }
  }

  void print_parameters() const {
    char line[320];
    std::snprintf(line, sizeof line, "%-44s %12s   %s\n", "key", "estimate", "95% interval");
    std::cout << line;
    for (const auto& p : result_.parameters) {
      std::string interval = "not identified: the moments barely move with it";
      if (p.identified)
        interval = '[' + short_number(p.ci_low).append(", ") + short_number(p.ci_high) + ']';
      std::snprintf(line, sizeof line, "%-44s %12.5g   %s%s\n", p.key.c_str(), p.value,
                    interval.c_str(),
                    p.at_bound ? "  at a bound of the range: widen it (interval suspect)" : "");
      std::cout << line;
    }
  }

  void print_fit() const {
    std::cout << "J = " << short_number(result_.distance) << " on " << result_.degrees_of_freedom
              << " degrees of freedom, ";
    if (std::isnan(result_.p_value))
      std::cout << "no p-value ("
                << (result_.degrees_of_freedom < 1 ? "no more moments than keys"
                                                   : "some weights are the user's")
                << ")\n";
    else
      std::cout << "p = " << short_number(result_.p_value) << "\n";
    std::cout << result_.evaluations << " evaluations (" << journal_read_back_text() << result_.runs
              << " runs), " << short_number(seconds_) << " s\n";
    if (!result_.converged)
      std::cout << "warning: not at a minimum: one derivative step away ("
                << result_.better_neighbour << ") J is " << short_number(result_.neighbour_distance)
                << "; the search stopped short (or J is rough there), so the intervals are suspect;"
                   " run again with more --evaluations or --starts\n";
  }

  std::string journal_read_back_text() const {
    const int read = journal_ ? journal_->read_back() : 0;
    return read > 0 ? std::to_string(read) + " read back from the journal, " : "";
  }

  ScenarioSource source_;
  bool resume_ = false, force_ = false;
  std::string targets_path_, fitted_path_, plan_;
  CalibrationProblem problem_;
  std::vector<std::string> origins_;  // the --param text of each parameter, for messages
  CalibrationOptions options_;
  std::vector<int> metric_of_;       // per target, its metric's index
  std::vector<std::string> labels_;  // the calendar's columns
  std::unique_ptr<EvaluationJournal> journal_;
  CalibrationResult result_;
  double seconds_ = 0;
};

}  // namespace

int calibrate_command(const std::vector<std::string>& args, const std::string& command_line) {
  return CalibrateCommand().main(args, command_line);
}

}  // namespace clustersim::app

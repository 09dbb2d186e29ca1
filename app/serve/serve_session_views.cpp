// What a session shows: its state with chart series, the network, the grid's CSV and
// plot, the screening's ranking and the results file of a finished run.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/serve/serve_experiments.hpp"
#include "app/serve/serve_session.hpp"
#include "models/scenario/scenario_writer.hpp"
#include "sim/diagnostics.hpp"

namespace clustersim::app {
using nlohmann::json;

namespace {

std::string status_of(const PageEnsemble* ensemble, bool busy, const std::string& job,
                      bool invalid) {
  if (!ensemble) return invalid ? "invalid" : "empty";
  if (busy) return job == "run" ? "running" : job;
  if (ensemble->finished()) return "done";
  return ensemble->months_done() == 0 ? "ready" : "paused";
}

}  // namespace

json ServeSession::state(const std::vector<std::string>& metrics) const {
  const std::lock_guard lock(data_);
  json out = {{"session", id_},
              {"status", status_of(ensemble_.get(), busy_, job_, !errors_.empty())},
              {"message", message_},
              {"errors", errors_},
              {"progress", {{"done", progress_done_}, {"total", progress_total_}}},
              {"grid_ready", !grid_csv_.empty()},
              {"grid_result", grid_result_},
              {"sensitivity_result", sensitivity_result_},
              {"compare", compare_}};
  if (!ensemble_) return out;
  const int done = ensemble_->months_done();
  const auto& labels = ensemble_->labels();
  out["month"] = done;
  out["months"] = ensemble_->months();
  out["label"] = labels[std::size_t(done)];
  out["labels"] = labels;
  out["series"] = series_json(ensemble_->table(), metrics, done);
  return out;
}

json ServeSession::network(int replication) const {
  const std::lock_guard lock(data_);
  if (!ensemble_) throw SessionConflict("no scenario loaded: load one first");
  if (replication < 0 || replication >= ensemble_->scenario().replications)
    throw InputError("network: replication " + std::to_string(replication) +
                     " out of range (expected 0 .. " +
                     std::to_string(ensemble_->scenario().replications - 1) + ")");
  const NetworkView view = ensemble_->network(replication);
  json nodes = json::array(), links = json::array(), clusters = json::array(),
       sectors = json::array();
  for (const auto& node : view.nodes)
    nodes.push_back({{"id", node.id},
                     {"kind", node.kind},
                     {"cluster", node.cluster},
                     {"sector", node.sector},
                     {"size", node.size}});
  for (const auto& link : view.links)
    links.push_back({{"source", link.source}, {"target", link.target}, {"trust", link.trust}});
  for (const auto& cluster : ensemble_->scenario().clusters) clusters.push_back(cluster.name);
  for (const auto& sector : ensemble_->scenario().sectors) sectors.push_back(sector.name);
  return {{"label", view.label}, {"replication", replication}, {"nodes", nodes},
          {"links", links},      {"clusters", clusters},       {"sectors", sectors}};
}

std::string ServeSession::grid_csv() const {
  const std::lock_guard lock(data_);
  if (grid_csv_.empty()) throw SessionConflict("no grid results yet: run a grid first");
  return grid_csv_;
}

json ServeSession::grid_plot() const {
  const std::lock_guard lock(data_);
  if (grid_result_ == 0) throw SessionConflict("no grid results yet: run a grid first");
  json out = grid_plot_;
  out["result"] = grid_result_;
  return out;
}

json ServeSession::sensitivity_result() const {
  const std::lock_guard lock(data_);
  if (sensitivity_result_ == 0)
    throw SessionConflict("no sensitivity results yet: run a screening first");
  json out = sensitivity_;
  out["result"] = sensitivity_result_;
  return out;
}

std::string ServeSession::scenario_name() const {
  const std::lock_guard lock(data_);
  return ensemble_ ? ensemble_->scenario().name : "";
}

std::string ServeSession::scenario_toml() const {
  const std::lock_guard lock(data_);
  if (!ensemble_) throw SessionConflict("no scenario is loaded: correct the errors first");
  return to_toml(ensemble_->scenario());
}

std::string ServeSession::results_file(const std::string& folder) const {
  const std::lock_guard lock(data_);
  if (!ensemble_ || busy_ || !ensemble_->finished())
    throw SessionConflict("the run has not finished: run it to the last month first");
  std::string command = "clustersim serve (browser): " +
                        (input_.shipped.empty() ? input_.upload_name : input_.shipped);
  for (const auto& arg : input_.args) command += " " + arg;
  static std::atomic<long> counter{0};
  const auto path = (std::filesystem::path(folder) /
                     ("results-" + id_.substr(0, 12) + "-" + std::to_string(++counter) + ".h5"))
                        .string();
  ensemble_->write_results(path, command);
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  std::error_code ignored;
  std::filesystem::remove(path, ignored);
  return bytes.str();
}

}  // namespace clustersim::app

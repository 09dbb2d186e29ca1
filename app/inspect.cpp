#include <iostream>
#include <optional>
#include <string>

#include "app/commands.hpp"
#include "app/experiment_file.hpp"
#include "app/options.hpp"
#include "app/report.hpp"
#include "sim/diagnostics.hpp"
#include "sim/results_file.hpp"

namespace clustersim::app {
namespace {

// The rows of design point `point`: rows point * R to point * R + R - 1 of the file.
MetricTable point_table(const MetricTable& rows, int point, int replications) {
  MetricTable table(rows.metrics(), replications, rows.columns());
  for (int r = 0; r < replications; ++r)
    table.set_replication(r, rows.replication(point * replications + r));
  return table;
}

std::string settings_text(const StoredDesign& design, std::size_t point) {
  std::string text;
  for (std::size_t k = 0; k < design.keys.size(); ++k)
    text += (k ? ", " : "") + design.keys[k] + "=" + design.settings[point][k];
  return text;
}

// An experiment file's rows are design points x replications: list the points, and give
// the final values of one point when --point asks (pooling points would mix scenarios).
void print_experiment(const ResultsData& data, const StoredDesign& design, const std::string& path,
                      std::optional<int> point) {
  const int points = int(design.settings.size()), per_point = design.replications_per_point;
  std::cout << "design: " << points << " points x " << per_point << " replications (rows point x "
            << per_point << " + replication)\n";
  for (int p = 0; p < points; ++p)
    std::cout << "  point " << p << ": " << settings_text(design, std::size_t(p)) << '\n';
  if (!point) {
    std::cout << "\n--point P prints the final values of point P; `clustersim export " << path
              << " --tidy-csv` lists every row\n";
    return;
  }
  std::cout << "\npoint " << *point << " (" << settings_text(design, std::size_t(*point)) << ")\n";
  print_final_table(std::cout, point_table(data.metrics, *point, per_point), {});
}

// Files without metrics hold the results of one experiment command in a group of their own.
void print_result_groups(const std::string& path) {
  for (const char* group : {"stress", "sweep", "calibration"})
    if (read_group(path, std::string("/") + group))
      std::cout << "results: /" << group << " (a `" << group
                << "` file; docs/output-format.md describes it, `clustersim export " << path
                << " --tidy-csv` and `clustersim plot " << path << "` read it)\n";
}

}  // namespace

int inspect_command(const std::vector<std::string>& args) {
  po::options_description options("clustersim inspect FILE [options]");
  options.add_options()("help,h", "show this help")("file", po::value<std::string>()->required(),
                                                    "results file (HDF5)")(
      "point", po::value<int>(), "with an experiment file (grid, sensitivity): the design point");
  po::positional_options_description positional;
  positional.add("file", 1);
  const auto parsed = parse_options(
      args, options, positional, "Summarises a results file: provenance, metrics, final values.");
  if (!parsed) return 0;
  const auto path = (*parsed)["file"].as<std::string>();
  const auto data = read_results(path);
  const auto design = read_design(path);
  const auto point =
      parsed->count("point") ? std::optional<int>((*parsed)["point"].as<int>()) : std::nullopt;
  if (point && !design)
    throw InputError("--point: " + path + " is not an experiment file (it has no /design)");
  if (point && (*point < 0 || *point >= int(design->settings.size())))
    throw InputError("--point " + std::to_string(*point) + ": no such point in " + path +
                     " (expected 0 to " + std::to_string(design->settings.size() - 1) + ")");
  std::cout << "provenance\n";
  for (const auto& [key, value] : data.attributes)
    std::cout << "  " << key << ": " << value << '\n';
  // read_results guarantees at least one label.
  std::cout << "columns: " << data.metrics.columns() << " (" << data.labels.front()
            << " initial to " << data.labels.back() << "), " << (design ? "rows" : "replications")
            << ": " << data.metrics.replications() << ", metrics: " << data.metrics.metrics().size()
            << "\n\n";
  if (design) {
    print_experiment(data, *design, path, point);
  } else if (data.metrics.metrics().empty()) {
    print_result_groups(path);
  } else {
    print_final_table(std::cout, data.metrics, {});
  }
  return 0;
}

}  // namespace clustersim::app

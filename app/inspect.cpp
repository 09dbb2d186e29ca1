#include <iostream>

#include "app/commands.hpp"
#include "app/options.hpp"
#include "app/report.hpp"
#include "sim/results_file.hpp"

namespace clustersim::app {

int inspect_command(const std::vector<std::string>& args) {
  po::options_description options("clustersim inspect FILE [options]");
  options.add_options()("help,h", "show this help")("file", po::value<std::string>()->required(),
                                                    "results file (HDF5)");
  po::positional_options_description positional;
  positional.add("file", 1);
  const auto parsed = parse_options(
      args, options, positional, "Summarises a results file: provenance, metrics, final values.");
  if (!parsed) return 0;
  const auto data = read_results((*parsed)["file"].as<std::string>());
  std::cout << "provenance\n";
  for (const auto& [key, value] : data.attributes)
    std::cout << "  " << key << ": " << value << '\n';
  // read_results guarantees at least one label.
  std::cout << "columns: " << data.metrics.columns() << " (" << data.labels.front()
            << " initial to " << data.labels.back()
            << "), replications: " << data.metrics.replications()
            << ", metrics: " << data.metrics.metrics().size() << "\n\n";
  print_final_table(std::cout, data.metrics, {});
  return 0;
}

}  // namespace clustersim::app

// Runs a scenario through the installed clustersim libraries and prints the
// ensemble mean of firms_alive in the final month.
#include <exception>
#include <iostream>

#include "models/cluster_model.hpp"
#include "models/scenario/scenario_loader.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: consumer <scenario.toml>\n";
    return 2;
  }
  try {
    const clustersim::Scenario scenario = clustersim::load_scenario_file(argv[1]);
    const clustersim::MetricTable table = clustersim::run_ensemble(
        clustersim::cluster_model(scenario), clustersim::ensemble_shape(scenario));
    const int metric = table.index_of("firms_alive");
    if (metric < 0 || table.replications() == 0 || table.columns() == 0) {
      std::cerr << "consumer: no firms_alive values\n";
      return 1;
    }
    double sum = 0;
    for (int r = 0; r < table.replications(); ++r) sum += table.at(metric, r, table.columns() - 1);
    std::cout << sum / table.replications() << '\n';
  } catch (const std::exception& e) {
    std::cerr << "consumer: " << e.what() << '\n';
    return 1;
  }
  return 0;
}

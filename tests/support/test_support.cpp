#include "support/test_support.hpp"

#include <H5Cpp.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <stdexcept>

#include "models/cluster_model.hpp"
#include "support/determinism.hpp"

namespace clustersim::testing {

std::string binary_path() {
  return CLUSTERSIM_BINARY;
}

std::string minimal_scenario_toml() {
  return R"(name = "minimal"
seed = 7
replications = 2
domains = ["software", "electronics"]

[calendar]
start = "2021-01"
end = "2021-12"

[[sectors]]
name = "ict"

[[clusters]]
name = "city"

[[firms]]
name = "smes"
cluster = "city"
sector = "ict"
count = 30
knowledge = { software = 0.6, electronics = 0.3 }

[[universities]]
name = "uni"
cluster = "city"

[[centers]]
name = "cc"
cluster = "city"

[[funders]]
name = "grants"
)";
}

CommandResult run_clustersim(const std::string& arguments) {
  CommandResult result;
  const std::string command = binary_path() + " " + arguments + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot start " + command);
  std::array<char, 4096> buffer{};
  while (std::fgets(buffer.data(), int(buffer.size()), pipe)) result.output += buffer.data();
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

CommandResult run_clustersim_killed_after(const std::string& arguments, const std::string& journal,
                                          int runs) {
  return run_clustersim(arguments + " & pid=$!; for i in $(seq 600); do n=$(ls " + journal +
                        " 2>/dev/null | grep -c '^run_'); [ \"$n\" -ge " + std::to_string(runs) +
                        " ] && break; sleep 0.05; done; kill -9 $pid; wait $pid; echo killed");
}

int runs_kept(const std::string& journal) {
  int kept = 0;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(journal, error))
    kept += entry.path().filename().string().starts_with("run_");
  return kept;
}

namespace {

std::string bytes_of(const std::vector<double>& values) {
  return {reinterpret_cast<const char*>(values.data()), values.size() * sizeof(double)};
}

std::string dataset_contents(const H5::DataSet& dataset) {
  if (dataset.getTypeClass() == H5T_STRING) {
    const auto type = dataset.getStrType();
    std::vector<char*> pointers(std::size_t(dataset.getSpace().getSimpleExtentNpoints()));
    dataset.read(pointers.data(), type);
    std::string joined;
    for (char* text : pointers) joined += std::string(text ? text : "") + '\n';
    H5Dvlen_reclaim(type.getId(), dataset.getSpace().getId(), H5P_DEFAULT, pointers.data());
    return joined;
  }
  std::vector<double> values(std::size_t(dataset.getSpace().getSimpleExtentNpoints()));
  dataset.read(values.data(), H5::PredType::NATIVE_DOUBLE);
  return bytes_of(values);
}

std::string attribute_contents(const H5::Attribute& attribute) {
  if (attribute.getTypeClass() == H5T_STRING) {
    std::string text;
    attribute.read(attribute.getStrType(), text);
    return text;
  }
  std::vector<double> values(std::size_t(attribute.getSpace().getSimpleExtentNpoints()));
  attribute.read(H5::PredType::NATIVE_DOUBLE, values.data());
  return bytes_of(values);
}

}  // namespace

namespace {

// `group`'s datasets and attributes, and its subgroups' (named with their path from it).
void add_contents(const H5::Group& group, const std::string& prefix,
                  std::map<std::string, std::string>& contents) {
  for (hsize_t i = 0; i < group.getNumObjs(); ++i) {
    const std::string member = group.getObjnameByIdx(i);
    if (group.getObjTypeByIdx(i) == H5G_GROUP)
      add_contents(group.openGroup(member), prefix + member + "/", contents);
    else
      contents["dataset " + prefix + member] = dataset_contents(group.openDataSet(member));
  }
  for (int i = 0; i < group.getNumAttrs(); ++i) {
    const H5::Attribute attribute = group.openAttribute(unsigned(i));
    contents["attribute " + prefix + attribute.getName()] = attribute_contents(attribute);
  }
}

}  // namespace

std::map<std::string, std::string> group_contents(const std::string& path,
                                                  const std::string& name) {
  const H5::H5File file(path, H5F_ACC_RDONLY);
  std::map<std::string, std::string> contents;
  add_contents(file.openGroup(name), "", contents);
  return contents;
}

Scenario shortened(Scenario scenario, int months) {
  if (scenario.calendar.months() <= months) return scenario;
  const YearMonth end = scenario.calendar.start.plus(months - 1);
  scenario.calendar.end = end;
  std::erase_if(scenario.events, [&](const Event& event) { return event.date > end; });
  std::erase_if(scenario.output.snapshots, [&](const YearMonth& month) { return month > end; });
  return scenario;
}

MetricTable run_model(const Scenario& scenario, int threads) {
  return run_on_threads(
      threads, [&] { return run_ensemble(cluster_model(scenario), ensemble_shape(scenario)); });
}

}  // namespace clustersim::testing

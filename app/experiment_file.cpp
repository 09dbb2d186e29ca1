#include "app/experiment_file.hpp"

#include <H5Cpp.h>

#include "app/key_range.hpp"
#include "sim/diagnostics.hpp"
#include "sim/hdf5_text.hpp"

namespace clustersim::app {
namespace {

std::vector<std::string> read_strings(const H5::DataSet& data) {
  const auto space = data.getSpace();
  const auto count = space.getSimpleExtentNpoints();
  std::vector<char*> raw(static_cast<std::size_t>(count), nullptr);
  const auto type = detail::utf8_string_type();
  if (count > 0) data.read(raw.data(), type);
  std::vector<std::string> out;
  for (auto* s : raw) out.emplace_back(s ? s : "");
  if (count > 0) H5::DataSet::vlenReclaim(raw.data(), type, space);
  return out;
}

std::vector<double> read_numbers(const H5::DataSet& data) {
  std::vector<double> out(std::size_t(data.getSpace().getSimpleExtentNpoints()));
  if (!out.empty()) data.read(out.data(), H5::PredType::NATIVE_DOUBLE);
  return out;
}

}  // namespace

std::optional<StoredDesign> read_design(const std::string& path) {
  try {
    H5::H5File file(path, H5F_ACC_RDONLY);
    if (!file.nameExists("design")) return std::nullopt;
    const auto group = file.openGroup("design");
    StoredDesign design;
    design.keys = read_strings(group.openDataSet("keys"));
    const auto values = read_numbers(group.openDataSet("values"));
    std::vector<std::string> text;
    if (group.nameExists("text")) text = read_strings(group.openDataSet("text"));
    group.openAttribute("replications_per_point")
        .read(H5::PredType::NATIVE_INT, &design.replications_per_point);
    const std::size_t k = design.keys.size();
    if (k == 0 || values.size() % k != 0 || (!text.empty() && text.size() != values.size()) ||
        design.replications_per_point < 1)
      throw InputError(path +
                       ": /design is malformed (expected keys, values of points x keys "
                       "and replications_per_point >= 1)");
    for (std::size_t p = 0; p < values.size() / k; ++p) {
      std::vector<std::string> point;
      for (std::size_t j = 0; j < k; ++j)
        point.push_back(text.empty() ? number_text(values[p * k + j]) : text[p * k + j]);
      design.settings.push_back(point);
    }
    return design;
  } catch (const H5::Exception& error) {
    throw InputError(path + ": cannot read /design (" + error.getDetailMsg() + ")");
  }
}

}  // namespace clustersim::app

// Reading results files (read_results in sim/results_file.hpp); the writer is in
// sim/results_file.cpp.
#include <H5Cpp.h>

#include <algorithm>
#include <filesystem>

#include "sim/diagnostics.hpp"
#include "sim/hdf5_text.hpp"
#include "sim/results_file.hpp"

namespace clustersim {
namespace {

using detail::utf8_string_type;

std::string read_text_attribute(const H5::Attribute& attribute) {
  const auto type = attribute.getDataType();
  // Only scalars are read: an array attribute would not fit the one value read here.
  if (attribute.getSpace().getSimpleExtentNpoints() != 1) return "(not a single value)";
  if (type.getClass() == H5T_STRING) {
    std::string value;
    attribute.read(attribute.getStrType(), value);
    return value;
  }
  if (type.getClass() == H5T_INTEGER && attribute.getIntType().getSign() == H5T_SGN_NONE) {
    unsigned long long value = 0;
    attribute.read(H5::PredType::NATIVE_ULLONG, &value);
    return std::to_string(value);
  }
  if (type.getClass() == H5T_INTEGER) {
    long long value = 0;
    attribute.read(H5::PredType::NATIVE_LLONG, &value);
    return std::to_string(value);
  }
  if (type.getClass() != H5T_FLOAT) return "(not text or a number)";
  double value = 0;
  attribute.read(H5::PredType::NATIVE_DOUBLE, &value);
  return std::to_string(value);
}

InputError malformed(const std::string& path, const std::string& what) {
  return InputError(path + ": malformed results file: " + what + " (see docs/output-format.md)");
}

// Every root attribute as text; the file must name the clustersim schema.
void read_root_attributes(const std::string& path, H5::H5File& file, ResultsData& data) {
  for (int i = 0; i < file.getNumAttrs(); ++i) {
    auto attribute = file.openAttribute(static_cast<unsigned>(i));
    data.attributes[attribute.getName()] = read_text_attribute(attribute);
  }
  if (data.attributes["schema"] != kSchemaName)
    throw InputError(path +
                     ": not a clustersim results file (expected root attribute "
                     "schema = \"clustersim\")");
}

void read_scenario(const std::string& path, H5::H5File& file, ResultsData& data) {
  if (!file.nameExists("scenario") || file.childObjType("scenario") != H5O_TYPE_DATASET)
    throw malformed(path, "no /scenario dataset");
  auto scenario = file.openDataSet("scenario");
  if (scenario.getTypeClass() != H5T_STRING ||
      scenario.getSpace().getSimpleExtentType() != H5S_SCALAR)
    throw malformed(path, "/scenario is not one string");
  scenario.read(data.scenario_toml, scenario.getStrType());
}

void read_labels(const std::string& path, H5::H5File& file, ResultsData& data) {
  if (!file.nameExists("time") || !file.openGroup("time").nameExists("label"))
    throw malformed(path, "no /time/label dataset");
  auto labels = file.openDataSet("time/label");
  const auto label_space = labels.getSpace();
  if (labels.getTypeClass() != H5T_STRING || !labels.getStrType().isVariableStr() ||
      label_space.getSimpleExtentNdims() != 1)
    throw malformed(path, "/time/label is not a one-dimensional array of strings");
  const auto count = label_space.getSimpleExtentNpoints();
  std::vector<char*> raw(static_cast<std::size_t>(count), nullptr);
  const auto type = utf8_string_type();
  if (count > 0) labels.read(raw.data(), type);
  for (auto* s : raw) data.labels.emplace_back(s ? s : "");
  if (count > 0) H5::DataSet::vlenReclaim(raw.data(), type, label_space);
  if (data.labels.empty())
    throw malformed(path, "/time/label is empty (expected one label per column)");
}

// Checks the shape of /metrics/`name` (the `index`-th metric) against the labels and
// the metrics before it, and sets `dims` to its replications x columns.
H5::DataSet open_metric(const std::string& path, H5::Group& group, const std::string& name,
                        hsize_t index, std::size_t labels, hsize_t dims[2]) {
  if (group.childObjType(name) != H5O_TYPE_DATASET)
    throw malformed(path, "/metrics/" + name + " is not a dataset");
  auto dataset = group.openDataSet(name);
  const auto space = dataset.getSpace();
  if (space.getSimpleExtentNdims() != 2)
    throw malformed(path, "/metrics/" + name + " has " +
                              std::to_string(space.getSimpleExtentNdims()) +
                              " dimensions (expected 2: replications x columns)");
  if (dataset.getTypeClass() != H5T_FLOAT && dataset.getTypeClass() != H5T_INTEGER)
    throw malformed(path, "/metrics/" + name + " is not numeric");
  hsize_t these[2] = {0, 0};
  space.getSimpleExtentDims(these);
  if (these[1] != labels)
    throw malformed(path, "/metrics/" + name + " has " + std::to_string(these[1]) +
                              " columns but /time/label has " + std::to_string(labels) + " labels");
  if (index > 0 && these[0] != dims[0])
    throw malformed(path, "/metrics/" + name + " has " + std::to_string(these[0]) +
                              " replications, other metrics " + std::to_string(dims[0]));
  if (these[0] > (hsize_t(1) << 31) / std::max<hsize_t>(these[1], 1))
    throw malformed(path, "/metrics/" + name + " is too large");
  dims[0] = these[0];
  dims[1] = these[1];
  return dataset;
}

MetricInfo read_metric_info(const std::string& name, const H5::DataSet& dataset) {
  MetricInfo info{name, "", "", MetricKind::stock};
  if (dataset.attrExists("units")) info.units = read_text_attribute(dataset.openAttribute("units"));
  if (dataset.attrExists("description"))
    info.description = read_text_attribute(dataset.openAttribute("description"));
  if (dataset.attrExists("kind"))
    info.kind = value_of(kMetricKindNames, read_text_attribute(dataset.openAttribute("kind")))
                    .value_or(MetricKind::stock);
  // Files written before ranges were declared have none: unbounded.
  auto read_bound = [&](const char* key, double& bound) {
    if (!dataset.attrExists(key)) return;
    const auto attribute = dataset.openAttribute(key);
    if (attribute.getSpace().getSimpleExtentNpoints() == 1 &&
        attribute.getDataType().getClass() == H5T_FLOAT)
      attribute.read(H5::PredType::NATIVE_DOUBLE, &bound);
  };
  read_bound("lower", info.range.lower);
  read_bound("upper", info.range.upper);
  return info;
}

void read_metrics(const std::string& path, H5::H5File& file, ResultsData& data) {
  if (!file.nameExists("metrics") || file.childObjType("metrics") != H5O_TYPE_GROUP)
    throw malformed(path, "no /metrics group");
  auto group = file.openGroup("metrics");
  std::vector<MetricInfo> infos;
  std::vector<std::vector<double>> values;
  hsize_t dims[2] = {0, 0};
  for (hsize_t i = 0; i < group.getNumObjs(); ++i) {
    const std::string name = group.getObjnameByIdx(i);
    auto dataset = open_metric(path, group, name, i, data.labels.size(), dims);
    infos.push_back(read_metric_info(name, dataset));
    values.emplace_back(dims[0] * dims[1]);
    if (!values.back().empty()) dataset.read(values.back().data(), H5::PredType::NATIVE_DOUBLE);
  }
  if (infos.empty()) dims[1] = data.labels.size();
  data.metrics = MetricTable(infos, int(dims[0]), int(dims[1]));
  for (std::size_t m = 0; m < values.size(); ++m)
    for (hsize_t r = 0; r < dims[0]; ++r)
      for (hsize_t t = 0; t < dims[1]; ++t)
        data.metrics.at(int(m), int(r), int(t)) = values[m][r * dims[1] + t];
}

// One dataset of a group, in the variant type that keeps its values exactly.
Dataset read_dataset(const H5::DataSet& dataset, const std::string& name) {
  Dataset out{name, std::vector<double>{}, {}, {}};
  const auto space = dataset.getSpace();
  const int rank = space.getSimpleExtentNdims();
  std::vector<hsize_t> dims(std::size_t(std::max(rank, 0)));
  if (rank > 0) space.getSimpleExtentDims(dims.data());
  for (auto d : dims) out.dims.push_back(d);
  const auto count = std::size_t(space.getSimpleExtentNpoints());
  if (dataset.attrExists("units")) out.units = read_text_attribute(dataset.openAttribute("units"));
  auto read_as = [&](auto value, const H5::PredType& type) {
    std::vector<decltype(value)> values(count);
    if (count > 0) dataset.read(values.data(), type);
    out.values = std::move(values);
  };
  switch (dataset.getTypeClass()) {
    case H5T_STRING: {
      std::vector<std::string> values;
      if (rank == 0) {
        values.emplace_back();
        dataset.read(values.back(), dataset.getStrType());
      } else if (count > 0) {
        std::vector<char*> raw(count, nullptr);
        const auto type = utf8_string_type();
        dataset.read(raw.data(), type);
        for (auto* s : raw) values.emplace_back(s ? s : "");
        H5::DataSet::vlenReclaim(raw.data(), type, space);
      }
      out.values = std::move(values);
      break;
    }
    case H5T_FLOAT:
      read_as(double{}, H5::PredType::NATIVE_DOUBLE);
      break;
    case H5T_INTEGER: {
      const auto type = dataset.getIntType();
      if (type.getSize() == 1 && type.getSign() == H5T_SGN_NONE)
        read_as(std::uint8_t{}, H5::PredType::NATIVE_UINT8);
      else if (type.getSize() == 1)
        read_as(std::int8_t{}, H5::PredType::NATIVE_INT8);
      else
        read_as(std::int32_t{}, H5::PredType::NATIVE_INT32);
      break;
    }
    default:
      throw InputError("dataset " + name + " is neither numbers nor text");
  }
  return out;
}

DatasetGroup read_group_contents(H5::Group& group) {
  DatasetGroup out;
  for (int i = 0; i < group.getNumAttrs(); ++i) {
    const auto attribute = group.openAttribute(static_cast<unsigned>(i));
    const auto type = attribute.getDataType().getClass();
    if (type == H5T_FLOAT) {
      double value = 0;
      attribute.read(H5::PredType::NATIVE_DOUBLE, &value);
      out.attribute(attribute.getName(), value);
    } else if (type == H5T_INTEGER) {
      std::int32_t value = 0;
      attribute.read(H5::PredType::NATIVE_INT32, &value);
      out.attribute(attribute.getName(), value);
    } else {
      out.attribute(attribute.getName(), read_text_attribute(attribute));
    }
  }
  for (hsize_t i = 0; i < group.getNumObjs(); ++i) {
    const std::string name = group.getObjnameByIdx(i);
    if (group.childObjType(name) == H5O_TYPE_GROUP) {
      auto child = group.openGroup(name);
      out.children.emplace_back(name, read_group_contents(child));
    } else if (group.childObjType(name) == H5O_TYPE_DATASET) {
      out.datasets.push_back(read_dataset(group.openDataSet(name), name));
    }
  }
  return out;
}

// Opens `path` read-only after checking that it is a clustersim results file.
H5::H5File open_results(const std::string& path, ResultsData& data) {
  H5::Exception::dontPrint();
  if (!std::filesystem::is_regular_file(path))
    throw InputError(path + ": cannot read the results file (expected an existing HDF5 file)");
  if (!H5::H5File::isHdf5(path))
    throw InputError(path +
                     ": not an HDF5 file (expected a results file written by clustersim; a "
                     "TOML scenario goes to `clustersim validate` or `run`)");
  H5::H5File file(path, H5F_ACC_RDONLY);
  read_root_attributes(path, file, data);
  return file;
}

}  // namespace

ResultsData read_results(const std::string& path) {
  ResultsData data;
  try {
    H5::H5File file = open_results(path, data);
    read_scenario(path, file, data);
    read_labels(path, file, data);
    read_metrics(path, file, data);
  } catch (const H5::Exception& e) {
    throw InputError(path + ": cannot read the results file (" + e.getDetailMsg() + ")");
  }
  return data;
}

std::optional<DatasetGroup> read_group(const std::string& path, const std::string& group_path) {
  ResultsData ignored;
  try {
    H5::H5File file = open_results(path, ignored);
    const std::string name = group_path.front() == '/' ? group_path.substr(1) : group_path;
    // nameExists checks one link at a time: "a/b" needs "a" first.
    std::string prefix;
    for (std::size_t start = 0; start <= name.size();) {
      const auto slash = name.find('/', start);
      prefix = name.substr(0, slash);
      if (!file.nameExists(prefix)) return std::nullopt;
      if (slash == std::string::npos) break;
      start = slash + 1;
    }
    if (file.childObjType(name) != H5O_TYPE_GROUP)
      throw malformed(path, group_path + " is not a group");
    auto group = file.openGroup(name);
    return read_group_contents(group);
  } catch (const H5::Exception& e) {
    throw InputError(path + ": cannot read " + group_path + " (" + e.getDetailMsg() + ")");
  }
}

}  // namespace clustersim

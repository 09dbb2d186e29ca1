#include "sim/results_file.hpp"

#include <unistd.h>

#include <H5Cpp.h>

#include <chrono>
#include <ctime>
#include <filesystem>

#include "build_info.hpp"
#include "sim/diagnostics.hpp"

namespace clustersim {
namespace {

H5::StrType utf8_string_type() {
  H5::StrType type(H5::PredType::C_S1, H5T_VARIABLE);
  type.setCset(H5T_CSET_UTF8);
  return type;
}

void set_text(H5::H5Object& object, const std::string& name, const std::string& value) {
  const auto type = utf8_string_type();
  auto attribute = object.createAttribute(name, type, H5::DataSpace(H5S_SCALAR));
  attribute.write(type, value);
}

template <class T>
void set_number(H5::H5Object& object, const std::string& name, T value, const H5::PredType& type) {
  auto attribute = object.createAttribute(name, type, H5::DataSpace(H5S_SCALAR));
  attribute.write(type, &value);
}

void write_strings(H5::Group& group, const std::string& name,
                   const std::vector<std::string>& values) {
  std::vector<const char*> pointers;
  for (const auto& v : values) pointers.push_back(v.c_str());
  const hsize_t size = values.size();
  auto dataset = group.createDataSet(name, utf8_string_type(), H5::DataSpace(1, &size));
  if (!values.empty()) dataset.write(pointers.data(), utf8_string_type());
}

template <class T>
void write_array(H5::Group& group, const std::string& name, const std::vector<T>& values,
                 const H5::PredType& type, std::vector<hsize_t> dims = {}) {
  if (dims.empty()) dims = {values.size()};
  auto dataset = group.createDataSet(name, type, H5::DataSpace(int(dims.size()), dims.data()));
  if (!values.empty()) dataset.write(values.data(), type);
}

std::string read_text_attribute(const H5::Attribute& attribute) {
  const auto type = attribute.getDataType();
  if (type.getClass() == H5T_STRING) {
    std::string value;
    attribute.read(attribute.getStrType(), value);
    return value;
  }
  if (type.getClass() == H5T_INTEGER) {
    long long value = 0;
    attribute.read(H5::PredType::NATIVE_LLONG, &value);
    return std::to_string(value);
  }
  double value = 0;
  attribute.read(H5::PredType::NATIVE_DOUBLE, &value);
  return std::to_string(value);
}

// Opens the group at an absolute or relative path, creating each missing level.
H5::Group open_or_create(H5::H5File& file, const std::string& path) {
  H5::Group group = file.openGroup("/");
  std::size_t start = path.starts_with('/') ? 1 : 0;
  while (start < path.size()) {
    const auto slash = path.find('/', start);
    const std::string name = path.substr(start, slash - start);
    group = group.nameExists(name) ? group.openGroup(name) : group.createGroup(name);
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return group;
}

void write_dataset(H5::Group& group, const Dataset& d) {
  const std::vector<hsize_t> dims(d.dims.begin(), d.dims.end());
  std::visit(
      [&](const auto& values) {
        using V = typename std::decay_t<decltype(values)>::value_type;
        if constexpr (std::is_same_v<V, std::string>) {
          write_strings(group, d.name, values);
        } else if constexpr (std::is_same_v<V, double>) {
          write_array(group, d.name, values, H5::PredType::NATIVE_DOUBLE, dims);
        } else if constexpr (std::is_same_v<V, std::int32_t>) {
          write_array(group, d.name, values, H5::PredType::NATIVE_INT32, dims);
        } else if constexpr (std::is_same_v<V, std::uint8_t>) {
          write_array(group, d.name, values, H5::PredType::NATIVE_UINT8, dims);
        } else {
          write_array(group, d.name, values, H5::PredType::NATIVE_INT8, dims);
        }
      },
      d.values);
  if (!d.units.empty()) {
    auto dataset = group.openDataSet(d.name);
    set_text(dataset, "units", d.units);
  }
}

void write_group_contents(H5::Group& group, const DatasetGroup& contents) {
  for (const auto& dataset : contents.datasets) write_dataset(group, dataset);
  for (const auto& [name, value] : contents.attributes) {
    std::visit(
        [&, &n = name](const auto& v) {
          using V = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<V, std::string>) set_text(group, n, v);
          if constexpr (std::is_same_v<V, double>)
            set_number(group, n, v, H5::PredType::NATIVE_DOUBLE);
          if constexpr (std::is_same_v<V, std::int32_t>)
            set_number(group, n, v, H5::PredType::NATIVE_INT);
        },
        value);
  }
  for (const auto& [name, child] : contents.children) {
    auto sub = group.nameExists(name) ? group.openGroup(name) : group.createGroup(name);
    write_group_contents(sub, child);
  }
}

}  // namespace

std::string utc_now_iso8601() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

std::vector<std::string> column_labels(const Calendar& calendar) {
  std::vector<std::string> labels;
  for (int t = 0; t <= calendar.months(); ++t)
    labels.push_back(calendar.start.plus(t - 1).to_string());
  return labels;
}

struct ResultsWriter::File {
  H5::H5File h5;
};

ResultsWriter::ResultsWriter(std::string final_path) : final_path_(std::move(final_path)) {
  namespace fs = std::filesystem;
  const fs::path target(final_path_);
  // Hidden name in the same folder, so the final rename stays on one file system.
  std::string hidden(".");
  hidden.append(target.filename().string()).append(".tmp-").append(std::to_string(::getpid()));
  temporary_path_ = (target.parent_path() / hidden).string();
  H5::Exception::dontPrint();
  file_ = std::make_unique<File>(File{H5::H5File(temporary_path_, H5F_ACC_TRUNC)});
}

ResultsWriter::~ResultsWriter() {
  if (committed_) return;
  try {
    if (file_) file_->h5.close();
  } catch (...) {
  }
  std::error_code ignored;
  std::filesystem::remove(temporary_path_, ignored);
}

void ResultsWriter::write_header(const Provenance& p, const std::string& resolved_input,
                                 const std::vector<std::string>& labels) {
  auto& root = file_->h5;
  set_text(root, "schema", kSchemaName);
  set_number(root, "schema_version", kSchemaVersion, H5::PredType::NATIVE_INT);
  set_text(root, "program_version", build_info::version);
  set_text(root, "git_commit", build_info::git_commit);
  set_text(root, "build_type", build_info::build_type);
  set_text(root, "created_utc", p.created_utc);
  set_text(root, "command_line", p.command_line);
  set_number(root, "seed", static_cast<unsigned long long>(p.seed), H5::PredType::NATIVE_ULLONG);
  set_number(root, "replications", p.replications, H5::PredType::NATIVE_INT);
  set_number(root, "threads", p.threads, H5::PredType::NATIVE_INT);
  set_text(root, "scenario_name", p.scenario_name);

  const auto type = utf8_string_type();
  auto text = root.createDataSet("scenario", type, H5::DataSpace(H5S_SCALAR));
  text.write(resolved_input, type);
  set_text(text, "format", "TOML");

  auto time = root.createGroup("time");
  std::vector<int> index(labels.size());
  for (std::size_t t = 0; t < labels.size(); ++t) index[t] = int(t);
  write_array(time, "month_index", index, H5::PredType::NATIVE_INT);
  write_strings(time, "label", labels);
  root.createGroup("metrics");
  root.createGroup("snapshots");
}

void ResultsWriter::write_metrics(const MetricTable& table, int compression) {
  auto metrics = file_->h5.openGroup("metrics");
  const hsize_t dims[2] = {hsize_t(table.replications()), hsize_t(table.columns())};
  H5::DSetCreatPropList properties;
  const hsize_t chunk[2] = {1, dims[1]};
  if (dims[0] > 0 && dims[1] > 0) {
    properties.setChunk(2, chunk);
    if (compression > 0) properties.setDeflate(static_cast<unsigned>(compression));
  }
  for (std::size_t m = 0; m < table.metrics().size(); ++m) {
    const auto& info = table.metrics()[m];
    auto dataset = metrics.createDataSet(info.name, H5::PredType::IEEE_F64LE,
                                         H5::DataSpace(2, dims), properties);
    dataset.write(table.series(int(m)), H5::PredType::NATIVE_DOUBLE);
    set_text(dataset, "units", info.units);
    set_text(dataset, "description", info.description);
    set_text(dataset, "kind", std::string(name_of(kMetricKindNames, info.kind)));
  }
}

void ResultsWriter::write_group(const std::string& path, const DatasetGroup& group) {
  H5::Group target = open_or_create(file_->h5, path);
  write_group_contents(target, group);
}

void ResultsWriter::commit() {
  file_->h5.close();
  std::filesystem::rename(temporary_path_, final_path_);
  committed_ = true;
}

ResultsData read_results(const std::string& path) {
  H5::Exception::dontPrint();
  if (!std::filesystem::is_regular_file(path))
    throw InputError(path + ": cannot read the results file (expected an existing HDF5 file)");
  ResultsData data;
  try {
    H5::H5File file(path, H5F_ACC_RDONLY);
    for (int i = 0; i < file.getNumAttrs(); ++i) {
      auto attribute = file.openAttribute(static_cast<unsigned>(i));
      data.attributes[attribute.getName()] = read_text_attribute(attribute);
    }
    if (data.attributes["schema"] != kSchemaName)
      throw InputError(path +
                       ": not a clustersim results file (expected root attribute "
                       "schema = \"clustersim\")");
    auto scenario = file.openDataSet("scenario");
    scenario.read(data.scenario_toml, scenario.getStrType());
    auto labels = file.openDataSet("time/label");
    const auto count = labels.getSpace().getSimpleExtentNpoints();
    std::vector<char*> raw(static_cast<std::size_t>(count));
    const auto type = utf8_string_type();
    labels.read(raw.data(), type);
    for (auto* s : raw) data.labels.emplace_back(s);
    H5::DataSet::vlenReclaim(raw.data(), type, labels.getSpace());

    auto group = file.openGroup("metrics");
    std::vector<MetricInfo> infos;
    std::vector<std::vector<double>> values;
    hsize_t dims[2] = {0, 0};
    for (hsize_t i = 0; i < group.getNumObjs(); ++i) {
      const std::string name = group.getObjnameByIdx(i);
      auto dataset = group.openDataSet(name);
      dataset.getSpace().getSimpleExtentDims(dims);
      MetricInfo info{name, "", "", MetricKind::stock};
      info.units = read_text_attribute(dataset.openAttribute("units"));
      info.description = read_text_attribute(dataset.openAttribute("description"));
      if (dataset.attrExists("kind"))
        info.kind = value_of(kMetricKindNames, read_text_attribute(dataset.openAttribute("kind")))
                        .value_or(MetricKind::stock);
      infos.push_back(info);
      values.emplace_back(dims[0] * dims[1]);
      dataset.read(values.back().data(), H5::PredType::NATIVE_DOUBLE);
    }
    data.metrics = MetricTable(infos, int(dims[0]), int(dims[1]));
    for (std::size_t m = 0; m < values.size(); ++m)
      for (hsize_t r = 0; r < dims[0]; ++r)
        for (hsize_t t = 0; t < dims[1]; ++t)
          data.metrics.at(int(m), int(r), int(t)) = values[m][r * dims[1] + t];
  } catch (const H5::Exception& e) {
    throw InputError(path + ": cannot read the results file (" + e.getDetailMsg() + ")");
  }
  return data;
}

}  // namespace clustersim

#include "analysis/run_journal.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/diagnostics.hpp"
#include "sim/results_file.hpp"

namespace clustersim {
namespace {

namespace fs = std::filesystem;

constexpr char kMagic[8] = {'c', 's', 'r', 'u', 'n', '0', '0', '1'};

std::string read_whole(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Writes `bytes` under a temporary name, flushed to disk, then renames: a file under its
// final name is always whole.
void write_atomically(const fs::path& path, const std::string& bytes) {
  const fs::path temporary = path.string() + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), std::streamsize(bytes.size()));
    out.flush();
    if (!out) throw OutputError("cannot write " + temporary.string() + " (disk full?)");
  }
  std::error_code error;
  fs::rename(temporary, path, error);
  if (error) throw OutputError("cannot rename " + temporary.string() + ": " + error.message());
}

}  // namespace

std::string RunJournal::folder_for(const std::string& output) {
  const fs::path path(output);
  return (path.parent_path() / ("." + path.filename().string() + ".runs")).string();
}

RunJournal::RunJournal(std::string folder, const std::string& plan, bool resume, bool discard)
    : folder_(std::move(folder)) {
  const fs::path plan_file = fs::path(folder_) / "plan.txt";
  std::error_code error;
  const bool exists = fs::exists(folder_, error);
  if (exists && !resume) {
    if (!discard)
      throw InputError("an interrupted experiment kept its finished runs in " + folder_ +
                       " (expected --resume to continue it, or --force to start over)");
    fs::remove_all(folder_, error);
  }
  if (resume && fs::exists(plan_file, error)) {
    if (read_whole(plan_file) != plan)
      throw InputError("--resume: " + folder_ +
                       " holds the runs of another experiment (expected the same scenario, "
                       "options, seed and program as the interrupted one; --force starts over)");
    for (const auto& entry : fs::directory_iterator(folder_)) {
      int variant = 0, replication = 0;
      char tail = 0;
      const std::string name = entry.path().filename().string();
      if (std::sscanf(name.c_str(), "run_%d_%d.bi%c", &variant, &replication, &tail) == 3 &&
          name.ends_with(".bin"))
        done_.emplace_back(variant, replication);
    }
    std::sort(done_.begin(), done_.end());
    return;
  }
  fs::create_directories(folder_, error);
  if (error) throw OutputError("cannot create " + folder_ + ": " + error.message());
  write_atomically(plan_file, plan);
}

bool RunJournal::has(int variant, int replication) const {
  return std::binary_search(done_.begin(), done_.end(), std::pair{variant, replication});
}

std::string RunJournal::file_of(int variant, int replication) const {
  return (fs::path(folder_) /
          ("run_" + std::to_string(variant) + "_" + std::to_string(replication) + ".bin"))
      .string();
}

void RunJournal::save(int variant, int replication, const ReplicationSeries& series) {
  std::string bytes(kMagic, sizeof kMagic);
  const std::int32_t shape[2] = {series.metrics(), series.columns()};
  bytes.append(reinterpret_cast<const char*>(shape), sizeof shape);
  for (int m = 0; m < series.metrics(); ++m)
    bytes.append(reinterpret_cast<const char*>(series.row(m)),
                 sizeof(double) * std::size_t(series.columns()));
  write_atomically(file_of(variant, replication), bytes);
}

ReplicationSeries RunJournal::load(int variant, int replication) const {
  const std::string bytes = read_whole(file_of(variant, replication));
  std::int32_t shape[2] = {0, 0};
  const std::size_t header = sizeof kMagic + sizeof shape;
  if (bytes.size() >= header) std::memcpy(shape, bytes.data() + sizeof kMagic, sizeof shape);
  const std::size_t values =
      std::size_t(std::max(0, shape[0])) * std::size_t(std::max(0, shape[1]));
  if (bytes.size() < header || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0 ||
      bytes.size() != header + values * sizeof(double))
    throw InputError("--resume: " + file_of(variant, replication) +
                     " is not a run this program wrote (remove the folder, or --force)");
  ReplicationSeries series(shape[0], shape[1]);
  for (int m = 0; m < shape[0]; ++m)
    std::memcpy(&series.at(m, 0),
                bytes.data() + header + sizeof(double) * std::size_t(m) * shape[1],
                sizeof(double) * std::size_t(shape[1]));
  return series;
}

void RunJournal::remove() {
  std::error_code error;
  fs::remove_all(folder_, error);
}

}  // namespace clustersim

#include "analysis/shard_part.hpp"

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <sstream>

#include "sim/diagnostics.hpp"
#include "sim/results_file.hpp"

namespace clustersim {
namespace {

constexpr char kFirstLine[] = "clustersim-part 1\n";

void put_field(std::ostream& out, const std::string& name, const std::string& bytes) {
  out << name << ' ' << bytes.size() << '\n' << bytes << '\n';
}

std::string joined_lines(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) text += line + '\n';
  return text;
}

// Reads the part's bytes in order; any shortfall or mismatch is bad input.
class PartReader {
 public:
  PartReader(std::string path, std::string bytes)
      : path_(std::move(path)), bytes_(std::move(bytes)) {}

  void expect(const std::string& text) {
    if (bytes_.compare(at_, text.size(), text) != 0) {
      std::string shown;  // a line break shown as \n, not as a break inside the quotes
      for (const char c : text.substr(0, 20))
        shown += c == '\n' ? std::string("\\n") : std::string(1, c);
      fail("no \"" + shown + "\" at byte " + std::to_string(at_));
    }
    at_ += text.size();
  }
  std::string field(const std::string& name) {
    expect(name + " ");
    const std::size_t end = bytes_.find('\n', at_);
    if (end == std::string::npos) fail("truncated at " + name);
    const std::size_t length = std::stoul(bytes_.substr(at_, end - at_));
    at_ = end + 1;
    if (at_ + length + 1 > bytes_.size()) fail("truncated at " + name);
    std::string value = bytes_.substr(at_, length);
    at_ += length;
    expect("\n");
    return value;
  }
  bool done() const { return at_ == bytes_.size(); }
  template <typename T>
  void read(T* out, std::size_t count) {
    if (at_ + sizeof(T) * count > bytes_.size()) fail("truncated run");
    std::memcpy(out, bytes_.data() + at_, sizeof(T) * count);
    at_ += sizeof(T) * count;
  }
  [[noreturn]] void fail(const std::string& what) const {
    throw InputError(path_ + ": not a part file (" + what +
                     "; expected a file written by `clustersim ... --shard I/N`)");
  }

 private:
  std::string path_, bytes_;
  std::size_t at_ = 0;
};

}  // namespace

ShardPartWriter::ShardPartWriter(std::string path, ShardProvenance provenance)
    : path_(std::move(path)), temporary_(path_ + ".part.tmp"), provenance_(std::move(provenance)) {}

ShardPartWriter::~ShardPartWriter() {
  if (committed_) return;
  out_.close();
  std::error_code ignored;
  std::filesystem::remove(temporary_, ignored);
}

void ShardPartWriter::open() {
  if (out_.is_open()) return;
  out_.open(temporary_, std::ios::binary | std::ios::trunc);
  if (!out_) throw OutputError("cannot write " + temporary_);
  const auto& p = provenance_;
  out_ << kFirstLine;
  put_field(out_, "program", p.program);
  put_field(out_, "seed", p.seed);
  put_field(out_, "shard", std::to_string(p.index) + "/" + std::to_string(p.count));
  put_field(out_, "directory", p.directory);
  put_field(out_, "arguments", joined_lines(p.arguments));
  put_field(out_, "plan", p.plan);
  out_ << "runs\n";
}

void ShardPartWriter::add(int variant, int replication, const ReplicationSeries& series) {
  open();
  const std::int32_t head[4] = {variant, replication, series.metrics(), series.columns()};
  out_.write(reinterpret_cast<const char*>(head), sizeof head);
  for (int m = 0; m < series.metrics(); ++m)
    out_.write(reinterpret_cast<const char*>(series.row(m)),
               std::streamsize(sizeof(double) * std::size_t(series.columns())));
  ++runs_;
}

void ShardPartWriter::commit() {
  open();
  out_.flush();
  if (!out_) throw OutputError("cannot write " + temporary_ + " (disk full?)");
  out_.close();
  std::error_code error;
  std::filesystem::rename(temporary_, path_, error);
  if (error) throw OutputError("cannot rename " + temporary_ + ": " + error.message());
  committed_ = true;
}

ShardPart read_shard_part(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot read (expected a part file a shard wrote)");
  std::ostringstream whole;
  whole << in.rdbuf();
  PartReader reader(path, whole.str());
  ShardPart part;
  auto& p = part.provenance;
  reader.expect(kFirstLine);
  p.program = reader.field("program");
  p.seed = reader.field("seed");
  const std::string shard = reader.field("shard");
  if (std::sscanf(shard.c_str(), "%d/%d", &p.index, &p.count) != 2) reader.fail("shard " + shard);
  p.directory = reader.field("directory");
  std::istringstream arguments(reader.field("arguments"));
  for (std::string line; std::getline(arguments, line);) p.arguments.push_back(line);
  p.plan = reader.field("plan");
  reader.expect("runs\n");
  while (!reader.done()) {
    std::int32_t head[4];
    reader.read(head, 4);
    if (head[2] < 0 || head[3] < 0) reader.fail("bad run shape");
    SharedRun run{head[0], head[1], ReplicationSeries(head[2], head[3])};
    for (int m = 0; m < head[2]; ++m) reader.read(&run.series.at(m, 0), std::size_t(head[3]));
    part.runs.push_back(std::move(run));
  }
  return part;
}

}  // namespace clustersim

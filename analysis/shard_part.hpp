#pragma once
// The part file of one shard of an experiment (`--shard i/N`): its provenance and the
// series of the runs it made, which `clustersim merge` joins into the file the whole
// experiment writes. A part is written under a temporary name and renamed when whole.
//
// Layout: the line "clustersim-part 1", then fields "NAME LENGTH\nBYTES\n" (program, seed,
// shard, directory, arguments one per line, plan), the line "runs", then per run four
// int32 (variant, replication, metrics, columns) and metrics x columns doubles.
#include <fstream>
#include <string>
#include <vector>

#include "analysis/run_distribution.hpp"

namespace clustersim {

struct ShardProvenance {
  std::string program;  // version and commit: another build may run differently
  std::string seed;
  int index = 0, count = 1;
  std::string directory;               // where the shard ran (relative paths)
  std::vector<std::string> arguments;  // the command and its arguments, without the
                                       // shard, output, resume and force options
  std::string plan;                    // everything that decides the runs' results
};

class ShardPartWriter final : public ShardSink {
 public:
  ShardPartWriter(std::string path, ShardProvenance provenance);
  ~ShardPartWriter() override;  // an uncommitted part's temporary is removed
  ShardPartWriter(const ShardPartWriter&) = delete;
  ShardPartWriter& operator=(const ShardPartWriter&) = delete;

  void set_plan(const std::string& plan) { provenance_.plan = plan; }
  void add(int variant, int replication, const ReplicationSeries& series) override;
  void commit() override;
  long runs() const { return runs_; }

 private:
  void open();
  std::string path_, temporary_;
  ShardProvenance provenance_;
  std::ofstream out_;
  long runs_ = 0;
  bool committed_ = false;
};

struct ShardPart {
  ShardProvenance provenance;
  std::vector<SharedRun> runs;
};

// Throws InputError naming the file when it is not a whole part this program wrote.
ShardPart read_shard_part(const std::string& path);

}  // namespace clustersim

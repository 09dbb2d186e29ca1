// `--shard I/N` and `clustersim merge`: the parts of an experiment merge into the file the
// whole experiment writes (every group bit for bit but the header's command line), merge
// refuses parts of other experiments, seeds or programs and missing or repeated shards,
// searches refuse to be sharded, and a killed shard resumes to the same part.
#include <filesystem>
#include <fstream>

#include "analysis/run_journal.hpp"
#include "analysis/shard_part.hpp"
#include "support/test_support.hpp"

namespace clustersim::testing {
namespace {

namespace fs = std::filesystem;

const std::string kShort = " --set calendar.end=2023-06 --set 'output.snapshots=[]' -q";
const std::string kGrid = " -r 2 --vary parameters.transfer.rate=0,0.1,0.2";

std::string tutorial() {
  return source_path("scenarios/tutorial.toml");
}

// Every group of a results file but the header (its command line names the command).
void expect_same_groups(const std::string& a, const std::string& b,
                        const std::vector<std::string>& groups) {
  for (const auto& group : groups)
    EXPECT_EQ(group_contents(a, group), group_contents(b, group)) << group;
}

class ShardCli : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = temporary_folder(std::string("shard-") +
                               ::testing::UnitTest::GetInstance()->current_test_info()->name());
  }
  void TearDown() override { fs::remove_all(folder_); }
  std::string path(const std::string& name) const { return folder_ + "/" + name; }
  // Shards 0..count-1 of `command`, each to <name><k>; returns the part paths.
  std::vector<std::string> shards(const std::string& command, int count,
                                  const std::string& name = "part") {
    std::vector<std::string> parts;
    for (int k = 0; k < count; ++k) {
      parts.push_back(path(name + std::to_string(k)));
      const auto result = run_clustersim(command + " --shard " + std::to_string(k) + "/" +
                                         std::to_string(count) + " -o " + parts.back());
      EXPECT_EQ(result.exit_code, 0) << result.output;
    }
    return parts;
  }
  CommandResult merge(const std::vector<std::string>& parts, const std::string& out) {
    std::string line = "merge";
    for (const auto& p : parts) line += " " + p;
    return run_clustersim(line + " -o " + out);
  }
  std::string folder_;
};

TEST_F(ShardCli, merged_grid_shards_equal_the_whole_grid) {
  const std::string command = "grid " + tutorial() + kShort + kGrid;
  ASSERT_EQ(run_clustersim(command + " -o " + path("whole.h5")).exit_code, 0);
  const auto parts = shards(command, 4);  // 6 runs: shards of 2, 2, 1 and 1
  EXPECT_EQ(read_shard_part(parts[0]).runs.size(), 2u);
  EXPECT_EQ(read_shard_part(parts[3]).runs.size(), 1u);
  const auto merged = merge({parts[2], parts[0], parts[3], parts[1]}, path("merged.h5"));
  ASSERT_EQ(merged.exit_code, 0) << merged.output;
  expect_same_groups(path("whole.h5"), path("merged.h5"), {"/metrics", "/design"});
  EXPECT_FALSE(fs::exists(RunJournal::folder_for(path("merged.h5"))));
}

TEST_F(ShardCli, merged_sensitivity_and_sweep_shards_equal_the_whole) {
  const std::string sweep = "sweep " + tutorial() + kShort +
                            " -r 2 --vary parameters.transfer.rate=0:0.2 --vary "
                            "parameters.innovation.start_rate=0.1:0.3 --metric links";
  ASSERT_EQ(run_clustersim(sweep + " -o " + path("sweep.h5")).exit_code, 0);
  ASSERT_EQ(merge(shards(sweep, 2), path("sweep_merged.h5")).exit_code, 0);
  expect_same_groups(path("sweep.h5"), path("sweep_merged.h5"), {"/sweep"});

  const std::string morris = "sensitivity " + tutorial() + kShort +
                             " -r 2 --method morris -n 2 --metric links --param "
                             "parameters.transfer.rate=0:0.2 --param "
                             "parameters.innovation.start_rate=0.1:0.3";
  const auto whole = run_clustersim(morris + " -o " + path("morris.h5"));
  ASSERT_EQ(whole.exit_code, 0) << whole.output;
  // Parts renamed after writing: merge reads what they hold, not their names.
  const auto parts = shards(morris, 3, "morris");
  for (const auto& p : parts) fs::rename(p, p + ".renamed");
  const auto merged = merge({parts[1] + ".renamed", parts[0] + ".renamed", parts[2] + ".renamed"},
                            path("m_merged.h5"));
  ASSERT_EQ(merged.exit_code, 0) << merged.output;
  expect_same_groups(path("morris.h5"), path("m_merged.h5"),
                     {"/metrics", "/design", "/sensitivity"});
}

// Shards run on different machines may differ in how they ran (threads, the memory
// limit), not in what: those merge into the whole; another --metric is refused, saying
// which commands differ.
TEST_F(ShardCli, shards_may_differ_in_threads_and_memory_limit_only) {
  const std::string command = "grid " + tutorial() + kShort + kGrid;
  ASSERT_EQ(run_clustersim(command + " -o " + path("whole.h5")).exit_code, 0);
  ASSERT_EQ(run_clustersim(command + " --threads 1 --shard 0/2 -o " + path("p0")).exit_code, 0);
  ASSERT_EQ(run_clustersim(command + " --threads 2 --max-memory 4G --shard 1/2 -o " + path("p1"))
                .exit_code,
            0);
  const auto merged = merge({path("p0"), path("p1")}, path("merged.h5"));
  ASSERT_EQ(merged.exit_code, 0) << merged.output;
  expect_same_groups(path("whole.h5"), path("merged.h5"), {"/metrics", "/design"});
  ASSERT_EQ(run_clustersim(command + " --metric links --shard 1/2 -o " + path("metric")).exit_code,
            0);
  const auto refused = merge({path("p0"), path("metric")}, path("refused.h5"));
  EXPECT_EQ(refused.exit_code, 2) << refused.output;
  EXPECT_TRUE(contains(refused.output, "its command differs")) << refused.output;
}

TEST_F(ShardCli, merge_refuses_other_experiments_seeds_programs_and_missing_or_repeated_shards) {
  const std::string command = "grid " + tutorial() + kShort + kGrid;
  const auto parts = shards(command, 2);
  const auto other_seed = run_clustersim(command + " --seed 99 --shard 1/2 -o " + path("seed99"));
  ASSERT_EQ(other_seed.exit_code, 0) << other_seed.output;
  const auto other_plan = run_clustersim("grid " + tutorial() + kShort +
                                         " -r 2 --vary parameters.transfer.rate=0,0.1,0.3"
                                         " --shard 1/2 -o " +
                                         path("other"));
  ASSERT_EQ(other_plan.exit_code, 0) << other_plan.output;
  const auto three = run_clustersim(command + " --shard 1/3 -o " + path("third"));
  ASSERT_EQ(three.exit_code, 0) << three.output;
  const std::string out = path("merged.h5");
  struct Case {
    std::vector<std::string> parts;
    std::string message;
  };
  for (const Case& c : std::vector<Case>{
           {{parts[0], path("seed99")}, "seed"},
           {{parts[0], path("other")}, "another experiment"},
           {{parts[0], path("third")}, "number of shards"},
           {{parts[0]}, "shard(s) 1 of 2 missing"},
           {{parts[0], parts[1], parts[1]}, "given twice"},
       }) {
    const auto result = merge(c.parts, out);
    EXPECT_EQ(result.exit_code, 2) << result.output;
    EXPECT_TRUE(contains(result.output, c.message)) << c.message << "\n" << result.output;
    EXPECT_FALSE(fs::exists(out));
    EXPECT_FALSE(fs::exists(RunJournal::folder_for(out)));
  }
  // Another program: the part's provenance names a different build.
  auto part = read_shard_part(parts[1]);
  std::ifstream in(parts[1], std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  const auto at = bytes.find(part.provenance.program);
  ASSERT_NE(at, std::string::npos);
  bytes[at + part.provenance.program.size() - 2] ^= 1;  // inside the build type's name
  std::ofstream(path("foreign"), std::ios::binary) << bytes;
  const auto foreign = merge({parts[0], path("foreign")}, out);
  EXPECT_EQ(foreign.exit_code, 2) << foreign.output;
  EXPECT_TRUE(contains(foreign.output, "program")) << foreign.output;
  // Not a part at all.
  std::ofstream(path("junk")) << "hello";
  const auto junk = merge({parts[0], path("junk")}, out);
  EXPECT_EQ(junk.exit_code, 2);
  EXPECT_TRUE(contains(junk.output,
                       "not a part file (no \"clustersim-part 1\\n\" at byte 0; "
                       "expected a file written by `clustersim ... --shard I/N`)"))
      << junk.output;
  // The whole set merges, and an existing file is not replaced without --force.
  ASSERT_EQ(merge(parts, out).exit_code, 0);
  const auto again = merge(parts, out);
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_TRUE(contains(again.output,
                       "': already exists (expected a new file name; add --force "
                       "to replace it)"))
      << again.output;  // the words of every other command
  // A part is never the output, even with --force.
  const auto onto_part = merge(parts, parts[0] + " --force");
  EXPECT_EQ(onto_part.exit_code, 2);
  EXPECT_TRUE(contains(onto_part.output, "is an input of this command")) << onto_part.output;
  // Nor a hard link to one (the same file under another name).
  std::filesystem::create_hard_link(parts[0], path("linked_part"));
  const auto onto_link = merge(parts, path("linked_part") + " --force");
  EXPECT_EQ(onto_link.exit_code, 2);
  EXPECT_TRUE(contains(onto_link.output, "is an input of this command")) << onto_link.output;
}

TEST_F(ShardCli, searches_and_bad_shard_numbers_are_refused_with_the_reason) {
  const auto stress = run_clustersim("stress " + tutorial() + kShort +
                                     " --shock parameters.production.wage=0.05:0.5 --metric "
                                     "firms_alive --threshold 40 --shard 0/2 -o " +
                                     path("s"));
  EXPECT_EQ(stress.exit_code, 2);
  EXPECT_TRUE(contains(stress.output, "search picks each evaluation")) << stress.output;
  const auto calibrate =
      run_clustersim("calibrate " + tutorial() + kShort +
                     " --param parameters.innovation.start_rate=0.02:0.3 --targets x.toml "
                     "--shard 0/2 -o " +
                     path("c.h5"));
  EXPECT_EQ(calibrate.exit_code, 2);
  EXPECT_TRUE(contains(calibrate.output, "optimiser picks each evaluation")) << calibrate.output;
  for (const std::string bad : {"2/2", "1", "0/0", "a/b", "1/2x"}) {
    const auto result = run_clustersim("grid " + tutorial() + kShort + kGrid + " --shard " + bad +
                                       " -o " + path("g"));
    EXPECT_EQ(result.exit_code, 2) << bad;
    EXPECT_TRUE(contains(result.output, "expected I/N")) << result.output;
  }
  EXPECT_TRUE(fs::is_empty(folder_));
}

// Long enough to be killed in the middle: a larger tutorial, one thread.
const std::string kSlowGrid =
    " --set firms.1.count=600 --set max_firms=0 -q -r 2 --threads 1"
    " --vary parameters.transfer.rate=0,0.05,0.1,0.15 --vary "
    "parameters.innovation.start_rate=0.1,0.3";

TEST_F(ShardCli, a_killed_shard_resumes_to_the_same_part_and_merges_to_the_whole) {
  const std::string command = "grid " + tutorial() + kSlowGrid;
  const std::string part0 = path("part0"), part1 = path("part1");
  const auto killed = run_clustersim_killed_after(command + " --shard 0/2 -o " + part0,
                                                  RunJournal::folder_for(part0), 2);
  ASSERT_TRUE(contains(killed.output, "killed")) << killed.output;
  ASSERT_FALSE(fs::exists(part0));
  const int kept = runs_kept(RunJournal::folder_for(part0));
  ASSERT_GE(kept, 2);
  ASSERT_LT(kept, 8) << "the shard finished before it was killed";
  const auto resumed = run_clustersim(command + " --shard 0/2 --resume -o " + part0);
  ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
  ASSERT_EQ(run_clustersim(command + " --shard 1/2 -o " + part1).exit_code, 0);
  ASSERT_EQ(merge({part0, part1}, path("merged.h5")).exit_code, 0);
  ASSERT_EQ(run_clustersim(command + " -o " + path("whole.h5")).exit_code, 0);
  expect_same_groups(path("whole.h5"), path("merged.h5"), {"/metrics", "/design"});
}

}  // namespace
}  // namespace clustersim::testing

// `clustersim grid` and `clustersim sensitivity` through the one experiments runner:
// every point's runs are the runs `clustersim run` makes with the point's settings (the
// same seeds), the design is what was asked, bad input writes nothing, and a run killed
// with SIGKILL resumes to the same file.
#include <H5Cpp.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <set>
#include <thread>

#include "analysis/run_journal.hpp"
#include "analysis/sensitivity.hpp"
#include "sim/results_file.hpp"
#include "support/test_support.hpp"

namespace clustersim::testing {
namespace {

namespace fs = std::filesystem;

std::vector<double> read_numbers(const std::string& file, const std::string& dataset) {
  H5::H5File h5(file, H5F_ACC_RDONLY);
  const auto data = h5.openDataSet(dataset);
  std::vector<double> values(std::size_t(data.getSpace().getSimpleExtentNpoints()));
  data.read(values.data(), H5::PredType::NATIVE_DOUBLE);
  return values;
}

const std::string kShort = " --set calendar.end=2023-06 --set 'output.snapshots=[]' -q";

std::string tutorial() {
  return source_path("scenarios/tutorial.toml");
}

void expect_same_metrics(const MetricTable& a, const MetricTable& b) {
  ASSERT_EQ(a.metrics().size(), b.metrics().size());
  ASSERT_EQ(a.replications(), b.replications());
  ASSERT_EQ(a.columns(), b.columns());
  for (int m = 0; m < int(a.metrics().size()); ++m)
    for (int r = 0; r < a.replications(); ++r)
      for (int t = 0; t < a.columns(); ++t)
        ASSERT_EQ(a.at(m, r, t), b.at(m, r, t)) << a.metrics()[std::size_t(m)].name << " r" << r;
}

// A grid of the tutorial with `design` into a new folder `name`: its file, and its
// /design/values (none when it failed, its output then shown).
struct GridDesign {
  std::string out;
  std::vector<double> values;
};

GridDesign run_grid(const std::string& name, const std::string& design) {
  GridDesign grid{temporary_folder(name) + "/g.h5", {}};
  const auto result =
      run_clustersim("grid " + tutorial() + kShort + " " + design + " -o " + grid.out);
  EXPECT_EQ(result.exit_code, 0) << result.output;
  if (result.exit_code == 0) grid.values = read_numbers(grid.out, "/design/values");
  return grid;
}

TEST(GridCli, every_point_runs_what_run_runs_with_its_settings_and_seeds) {
  const auto [out, values] = run_grid("grid_points",
                                      "-r 2 --vary parameters.transfer.rate=0,0.1 "
                                      "--vary parameters.innovation.start_rate=0.1:0.3 -n 3");
  ASSERT_EQ(values.size(), 6u * 2);
  EXPECT_EQ(values[0], 0.0);
  EXPECT_EQ(values[1], 0.1);
  EXPECT_EQ(values[5 * 2], 0.1);
  EXPECT_EQ(values[5 * 2 + 1], 0.3);
  const auto grid = read_results(out).metrics;
  ASSERT_EQ(grid.replications(), 12);  // rows: 6 points x 2 replications
  // Point 4 is transfer.rate 0.1, start_rate 0.2: its two rows are `run` at that point.
  const auto single = fs::path(out).parent_path().string() + "/p4.h5";
  const auto run = run_clustersim("run " + tutorial() + kShort +
                                  " -r 2 --set parameters.transfer.rate=0.1"
                                  " --set parameters.innovation.start_rate=0.2 -o " +
                                  single);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const auto alone = read_results(single).metrics;
  for (int m = 0; m < int(alone.metrics().size()); ++m)
    for (int r = 0; r < 2; ++r)
      for (int t = 0; t < alone.columns(); ++t)
        ASSERT_EQ(grid.at(m, 4 * 2 + r, t), alone.at(m, r, t))
            << alone.metrics()[std::size_t(m)].name;
  // The points differ: a grid of one point repeated would pass the check above.
  const int innovations = grid.index_of("innovations_total");
  double spread = 0;
  for (int row = 2; row < 12; ++row)
    spread += std::abs(grid.at(innovations, row, grid.columns() - 1) -
                       grid.at(innovations, 0, grid.columns() - 1));
  EXPECT_GT(spread, 0.0);
  EXPECT_FALSE(fs::exists(RunJournal::folder_for(out)));  // the file holds everything now
  // rerun remakes every row from the stored scenario and design.
  const auto rerun = run_clustersim("rerun -q " + out);
  EXPECT_EQ(rerun.exit_code, 0) << rerun.output;
  EXPECT_TRUE(contains(rerun.output, "identical: all"));
}

// A stored design that no longer matches its rows is caught by rerun.
TEST(GridCli, rerun_catches_a_row_that_is_not_its_point) {
  const auto out = temporary_folder("grid_rerun") + "/g.h5";
  ASSERT_EQ(run_clustersim("grid " + tutorial() + kShort +
                           " -r 1 --vary parameters.innovation.start_rate=0.1,0.4 -o " + out)
                .exit_code,
            0);
  {
    H5::H5File file(out, H5F_ACC_RDWR);
    const double swapped[2] = {0.4, 0.1};  // the points' settings exchanged
    file.openDataSet("/design/values").write(swapped, H5::PredType::NATIVE_DOUBLE);
    if (file.nameExists("/design/text")) file.unlink("/design/text");
  }
  const auto rerun = run_clustersim("rerun -q " + out);
  EXPECT_EQ(rerun.exit_code, 1) << rerun.output;
  EXPECT_TRUE(contains(rerun.output, "differ"));
}

TEST(GridCli, a_latin_hypercube_has_one_point_per_stratum_of_each_range) {
  const auto out = temporary_folder("grid_lhs") + "/g.h5";
  const auto result = run_clustersim("grid " + tutorial() + kShort +
                                     " -r 1 --design lhs -n 5 --vary parameters.transfer.rate=0:0.1"
                                     " --vary parameters.production.wage=0.05:0.1 -o " +
                                     out);
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto values = read_numbers(out, "/design/values");
  ASSERT_EQ(values.size(), 10u);
  const double low[] = {0, 0.05}, high[] = {0.1, 0.1};
  for (int k = 0; k < 2; ++k) {
    std::set<int> strata;
    for (int p = 0; p < 5; ++p) {
      const double unit = (values[std::size_t(p * 2 + k)] - low[k]) / (high[k] - low[k]);
      ASSERT_GE(unit, 0.0);
      ASSERT_LT(unit, 1.0);
      strata.insert(int(unit * 5));
    }
    EXPECT_EQ(strata.size(), 5u);
  }
}

TEST(GridCli, bad_designs_are_bad_input_and_write_nothing) {
  const auto folder = temporary_folder("grid_bad");
  const auto out = folder + "/g.h5";
  const std::pair<std::string, std::string> cases[] = {
      {"--vary parameters.transfer.rate", "expected KEY=v1,v2,... or KEY=LO:HI"},
      {"--vary parameters.transfer.rate=0:0.1", "expected -n N"},
      {"--design lhs -n 4 --vary parameters.transfer.rate=0,0.1", "expected a range LO:HI"},
      {"--vary parameters.transfer.rate=0,2", "parameters.transfer.rate: out of range"},
      {"--design cube --vary parameters.transfer.rate=0,1", "expected full or lhs"},
      {"--vary parameters.transfer.rate=0,0.1 --vary parameters.transfer.rate=0.05,0.2",
       "parameters.transfer.rate is given twice"},
      // Every point runs the same replications: one calendar, count and seed.
      {"--vary calendar.start=2020-01,2020-02",
       "point 1 (calendar.start=2020-02) changes the calendar"},
      {"-r 2 --vary replications=2,3",
       "point 1 (replications=3) changes the number of replications"},
      {"--vary seed=1,2", "changes the seed"},
      {"--vary parameters.transfer.rate=0,0.1 -n 5", "-n 5: no range to space"},
      {"--vary parameters.transfer.rate=0,0.1 -n 0", "-n 0: no range to space"},
  };
  for (const auto& [args, message] : cases) {
    const auto result = run_clustersim("grid " + tutorial() + kShort + " " + args + " -o " + out);
    EXPECT_EQ(result.exit_code, 2) << args << ": " << result.output;
    EXPECT_TRUE(contains(result.output, message)) << args;
    EXPECT_TRUE(fs::is_empty(folder)) << args;
  }
}

// A key or value an experiment's option gives that the scenario refuses is named by that
// option and the value tried, not by the --set the experiment passes the loader.
TEST(ExperimentCli, a_refused_key_is_named_by_its_option_not_by_set) {
  const auto folder = temporary_folder("refused_key_origin");
  write_file(folder + "/targets.toml",
             "[[target]]\nname = \"firms\"\nmetric = \"firms_alive\"\nreduction = \"final\"\n"
             "to = \"2023-06\"\nvalue = 30\nstandard_error = 1\nsource = \"a test\"\n");
  const std::string bad = "parameters.transfer.rates";
  const std::pair<std::string, std::string> cases[] = {
      {"grid " + tutorial() + kShort + " --vary " + bad + "=0.1,0.2",
       "--vary " + bad + "=0.1,0.2 (at 0.1): " + bad + ": unknown key"},
      {"sensitivity " + tutorial() + kShort + " --param " + bad +
           "=0.1:0.2 -n 2 --metric firms_alive",
       "--param " + bad + "=0.1:0.2 (at "},
      {"sweep " + tutorial() + kShort + " --vary " + bad + "=0.1:0.2 --metric firms_alive",
       "--vary " + bad + "=0.1:0.2 (at 0.1): " + bad + ": unknown key"},
      {"stress " + tutorial() + kShort + " --shock " + bad +
           "=0.1:0.2 --metric firms_alive --threshold 10",
       "--shock " + bad + "=0.1:0.2 (at 0.1): " + bad + ": unknown key"},
      {"calibrate " + tutorial() + kShort + " --targets " + folder + "/targets.toml --param " +
           bad + "=0.1:0.2",
       "--param " + bad + "=0.1:0.2 (at 0.15"},
      // A key the option varies that --set also gives: the option would win without a word.
      {"grid " + tutorial() + kShort +
           " --set parameters.transfer.rate=0.05 --vary parameters.transfer.rate=0.1,0.2",
       "--vary parameters.transfer.rate=0.1,0.2: parameters.transfer.rate is also given by --set "
       "parameters.transfer.rate=0.05"},
      {"sweep " + tutorial() + kShort +
           " --set parameters.transfer.rate=0.05 --vary parameters.transfer.rate=0.1:0.2"
           " --metric firms_alive",
       "is also given by --set"},
      {"sensitivity " + tutorial() + kShort +
           " --set 'parameters.transfer={rate=0.01}' --param parameters.transfer.rate=0.1:0.2"
           " -n 2 --metric firms_alive",
       "parameters.transfer.rate is also given by --set parameters.transfer={rate=0.01}"},
      {"stress " + tutorial() + kShort +
           " --set parameters.transfer.rate=0.05 --shock parameters.transfer.rate=0.1:0.2"
           " --metric firms_alive --threshold 10",
       "is also given by --set"},
      {"calibrate " + tutorial() + kShort + " --targets " + folder +
           "/targets.toml --set parameters.transfer.rate=0.05 --param "
           "parameters.transfer.rate=0.1:0.2",
       "is also given by --set"},
      {"sweep " + tutorial() + kShort +
           " --vary parameters.transfer.rate=0.5:2 --metric firms_alive",
       "--vary parameters.transfer.rate=0.5:2 (at 2.0): parameters.transfer.rate: out of range"},
  };
  for (const auto& [command, message] : cases) {
    const auto result = run_clustersim(command + " -o " + folder + "/out.h5");
    EXPECT_EQ(result.exit_code, 2) << command << ": " << result.output;
    EXPECT_TRUE(contains(result.output, message)) << command;
    EXPECT_FALSE(contains(result.output, "--set " + bad)) << command;
    EXPECT_FALSE(fs::exists(folder + "/out.h5")) << command;
  }
}

// A range's points end at HI exactly: 0.2:1 in 4 steps would otherwise round its last
// point to 1.0000000000000002, past the key's range, and fail.
TEST(GridCli, a_range_ends_exactly_at_its_high_end) {
  const auto values =
      run_grid("grid_range_end", "--vary parameters.transfer.rate=0.2:1 -n 4").values;
  ASSERT_EQ(values.size(), 4u);
  EXPECT_EQ(values.front(), 0.2);
  EXPECT_EQ(values.back(), 1.0);
}

// A range over a key that takes integers gives whole levels as integers; a range over a
// key that takes numbers still takes them.
TEST(GridCli, a_range_over_an_integer_key_runs_its_whole_levels) {
  const auto values = run_grid("grid_integer_range",
                               "-r 1 -n 3 --vary parameters.partnering.max_partners=4:8"
                               " --vary parameters.transfer.rate=0:1")
                          .values;
  ASSERT_EQ(values.size(), 9u * 2);
  EXPECT_EQ(values[0], 4.0);
  EXPECT_EQ(values[1], 0.0);
  EXPECT_EQ(values[8 * 2], 8.0);
  EXPECT_EQ(values[8 * 2 + 1], 1.0);
}

// One replication has no spread: the grid's and the sweep's tables give no interval and
// no mark for it, and the screening no noise share.
TEST(GridCli, one_replication_gets_no_interval_in_the_grid_or_sweep_table) {
  const auto folder = temporary_folder("one_replication_tables");
  const std::string calendar = " --set calendar.end=2023-06 --set 'output.snapshots=[]'";
  const auto grid = run_clustersim(
      "grid " + tutorial() + calendar +
      " -r 1 --metric links --vary parameters.transfer.rate=0,0.1 -o " + folder + "/g.h5");
  EXPECT_EQ(grid.exit_code, 0) << grid.output;
  EXPECT_TRUE(contains(grid.output, "n/a (1 replication)  parameters.transfer.rate=0.1"))
      << grid.output;
  const auto sweep = run_clustersim(
      "sweep " + tutorial() + calendar +
      " -r 1 --metric links --vary parameters.transfer.rate=0:0.1 -o " + folder + "/s.h5");
  EXPECT_EQ(sweep.exit_code, 0) << sweep.output;
  EXPECT_TRUE(contains(sweep.output, "n/a (1 replication)")) << sweep.output;
  EXPECT_FALSE(contains(sweep.output, " *")) << sweep.output;
  // Nor a noise share: one replication cannot tell noise from the keys' effects.
  const auto morris = run_clustersim("sensitivity " + tutorial() + calendar +
                                     " -r 1 --method morris -n 2 --metric links"
                                     " --param parameters.transfer.rate=0:0.1 -o " +
                                     folder + "/m.h5");
  EXPECT_EQ(morris.exit_code, 0) << morris.output;
  EXPECT_TRUE(contains(morris.output, "noise share: n/a (1 replication")) << morris.output;
  H5::H5File file(folder + "/m.h5", H5F_ACC_RDONLY);
  double noise = 0;
  file.openGroup("/sensitivity")
      .openAttribute("noise_share")
      .read(H5::PredType::NATIVE_DOUBLE, &noise);
  EXPECT_TRUE(std::isnan(noise));
}

// sensitivity --param, sweep --vary: a key given twice is bad input.
TEST(SensitivityCli, a_key_given_twice_is_bad_input) {
  const auto folder = temporary_folder("sensitivity_twice");
  const auto result =
      run_clustersim("sensitivity " + tutorial() + kShort +
                     " --method morris -n 2 --metric links --param parameters.transfer.rate=0:0.1"
                     " --param parameters.transfer.rate=0:0.2 -o " +
                     folder + "/s.h5");
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_TRUE(contains(result.output, "is given twice")) << result.output;
  const auto sweep = run_clustersim("sweep " + tutorial() + kShort +
                                    " --metric links --vary parameters.transfer.rate=0:0.1"
                                    " --vary parameters.transfer.rate=0:0.2 -o " +
                                    folder + "/w.h5");
  EXPECT_EQ(sweep.exit_code, 2) << sweep.output;
  EXPECT_TRUE(fs::is_empty(folder));
}

// Long enough to be killed in the middle: 16 runs of a larger tutorial.
const std::string kSlowGrid =
    " --set firms.1.count=600 --set max_firms=0 -q -r 2 --threads 1"
    " --vary parameters.transfer.rate=0,0.05,0.1,0.15 --vary "
    "parameters.innovation.start_rate=0.1,0.3";

TEST(GridCli, a_killed_grid_resumes_to_the_same_results) {
  const auto folder = temporary_folder("grid_resume");
  const auto whole = folder + "/whole.h5", resumed = folder + "/resumed.h5";
  ASSERT_EQ(run_clustersim("grid " + tutorial() + kSlowGrid + " -o " + whole).exit_code, 0);
  const std::string journal = RunJournal::folder_for(resumed);
  // Started in the background, killed with SIGKILL once some runs are kept.
  const auto killed =
      run_clustersim_killed_after("grid " + tutorial() + kSlowGrid + " -o " + resumed, journal, 3);
  ASSERT_TRUE(contains(killed.output, "killed"));
  ASSERT_FALSE(fs::exists(resumed)) << "finished before it was killed";
  ASSERT_GE(runs_kept(journal), 3);
  ASSERT_LT(runs_kept(journal), 16);
  // Without --resume the kept runs are not thrown away silently.
  const auto fresh = run_clustersim("grid " + tutorial() + kSlowGrid + " -o " + resumed);
  EXPECT_EQ(fresh.exit_code, 2);
  EXPECT_TRUE(contains(fresh.output, "--resume to continue it"));
  const auto again = run_clustersim("grid " + tutorial() + kSlowGrid + " --resume -o " + resumed);
  ASSERT_EQ(again.exit_code, 0) << again.output;
  expect_same_metrics(read_results(whole).metrics, read_results(resumed).metrics);
  EXPECT_EQ(read_numbers(whole, "/design/values"), read_numbers(resumed, "/design/values"));
  EXPECT_FALSE(fs::exists(journal));
}

TEST(GridCli, a_journal_of_another_experiment_is_refused_on_resume) {
  const auto folder = temporary_folder("grid_other");
  const auto out = folder + "/g.h5";
  fs::create_directories(RunJournal::folder_for(out));
  write_file(RunJournal::folder_for(out) + "/plan.txt", "clustersim grid (another)\n");
  const auto result = run_clustersim("grid " + tutorial() + kShort +
                                     " --vary parameters.transfer.rate=0,0.1 --resume -o " + out);
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_TRUE(contains(result.output, "holds the runs of another experiment"));
  EXPECT_FALSE(fs::exists(out));
}

TEST(SensitivityCli, morris_indices_are_those_of_the_point_means_in_the_file) {
  const auto out = temporary_folder("sens_morris") + "/m.h5";
  const auto result = run_clustersim(
      "sensitivity " + tutorial() + kShort +
      " -r 2 --method morris -n 4 --metric firms_alive"
      " --param parameters.production.wage=0.05:0.12 --param parameters.transfer.rate=0:0.1 -o " +
      out);
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto table = read_results(out).metrics;
  ASSERT_EQ(table.replications(), 4 * 3 * 2);  // trajectories x (k + 1) points x reps
  const int firms = table.index_of("firms_alive");
  std::vector<std::vector<double>> outputs(12, std::vector<double>(2));
  for (int p = 0; p < 12; ++p)
    for (int r = 0; r < 2; ++r)
      outputs[std::size_t(p)][std::size_t(r)] = table.at(firms, p * 2 + r, table.columns() - 1);
  const auto values = read_numbers(out, "/design/values");
  Design design;
  for (int p = 0; p < 12; ++p)
    design.push_back({values[std::size_t(p * 2)], values[std::size_t(p * 2 + 1)]});
  const std::vector<ParameterRange> ranges = {{"wage", 0.05, 0.12}, {"rate", 0, 0.1}};
  MorrisOptions options;
  options.trajectories = 4;
  const auto effects = morris_effects(design, point_means(outputs), ranges, options);
  const auto mu_star = read_numbers(out, "/sensitivity/mu_star");
  ASSERT_EQ(mu_star.size(), 2u);
  EXPECT_DOUBLE_EQ(mu_star[0], effects[0].mu_star);
  EXPECT_DOUBLE_EQ(mu_star[1], effects[1].mu_star);
  EXPECT_GT(mu_star[0], 0.0);  // wages decide how many firms survive
}

TEST(SensitivityCli, sobol_writes_indices_with_intervals_and_the_noise_share) {
  const auto out = temporary_folder("sens_sobol") + "/s.h5";
  const auto result =
      run_clustersim("sensitivity " + tutorial() + kShort +
                     " -r 2 --method sobol -n 8 --bootstrap 50"
                     " --metric firms_alive --param parameters.production.wage=0.05:0.12"
                     " --param parameters.transfer.rate=0:0.1 -o " +
                     out);
  ASSERT_EQ(result.exit_code, 0) << result.output;
  H5::H5File h5(out, H5F_ACC_RDONLY);
  double noise = -1;
  h5.openGroup("/sensitivity")
      .openAttribute("noise_share")
      .read(H5::PredType::NATIVE_DOUBLE, &noise);
  EXPECT_GE(noise, 0.0);
  EXPECT_LE(noise, 1.0);
  for (const char* name :
       {"first_order", "first_order_low", "first_order_high", "total", "total_low", "total_high"})
    EXPECT_EQ(read_numbers(out, std::string("/sensitivity/") + name).size(), 2u) << name;
  EXPECT_EQ(read_results(out).metrics.replications(), 8 * 4 * 2);  // N (k + 2) points x reps
}

// --bootstrap 0 draws no resamples: the table and the file give no interval.
TEST(SensitivityCli, sobol_without_bootstrap_gives_no_interval) {
  const auto folder = temporary_folder("sobol_no_bootstrap");
  const auto result = run_clustersim("sensitivity " + tutorial() +
                                     " --set calendar.end=2023-06 --set 'output.snapshots=[]'" +
                                     " -r 2 --method sobol -n 4 --bootstrap 0 --metric links"
                                     " --param parameters.transfer.rate=0:0.1 -o " +
                                     folder + "/s.h5");
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_TRUE(contains(result.output, " [n/a]")) << result.output;
  EXPECT_TRUE(contains(result.output, "no intervals: --bootstrap 0")) << result.output;
  EXPECT_TRUE(std::isnan(read_numbers(folder + "/s.h5", "/sensitivity/first_order_low")[0]));
  EXPECT_TRUE(std::isnan(read_numbers(folder + "/s.h5", "/sensitivity/total_high")[0]));
}

// A monthly flow summed over a window is a total: its units lose "/month".
TEST(SensitivityCli, a_sum_of_a_monthly_flow_is_reported_as_a_total) {
  const auto folder = temporary_folder("sensitivity_sum_units");
  const auto result = run_clustersim(
      "sensitivity " + tutorial() + " --set calendar.end=2023-06 --set 'output.snapshots=[]'" +
      " -r 2 --method morris -n 2 --metric flow_sales --sum 2021-01:2021-12"
      " --param parameters.transfer.rate=0:0.1 -o " +
      folder + "/s.h5");
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_TRUE(contains(result.output, "flow_sales (sum 2021-01:2021-12, mln RUB):"))
      << result.output;
}

TEST(SensitivityCli, bad_options_are_bad_input) {
  const auto folder = temporary_folder("sens_bad");
  const std::pair<std::string, std::string> cases[] = {
      {"--method morris -n 4 --metric nope --param parameters.transfer.rate=0:0.1",
       "--metric nope: unknown metric"},
      {"--method anova -n 4 --metric firms_alive --param parameters.transfer.rate=0:0.1",
       "expected morris or sobol"},
      {"--method morris -n 4 --metric firms_alive --param parameters.transfer.rate=0.1:0",
       "--param"},
      {"--method morris -n 4 --metric firms_alive --at 1999-01 "
       "--param parameters.transfer.rate=0:0.1",
       "--at 1999-01: not a month of the scenario"},
  };
  for (const auto& [args, message] : cases) {
    const auto result = run_clustersim("sensitivity " + tutorial() + kShort + " " + args + " -o " +
                                       folder + "/s.h5");
    EXPECT_EQ(result.exit_code, 2) << args << ": " << result.output;
    EXPECT_TRUE(contains(result.output, message)) << args << ": " << result.output;
  }
  EXPECT_TRUE(fs::is_empty(folder));
}

}  // namespace
}  // namespace clustersim::testing

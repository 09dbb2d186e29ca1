#include <string>

#include <gtest/gtest.h>

#include "model_fixtures.hpp"
#include "models/cluster_model.hpp"
#include "models/metrics.hpp"
#include "models/money.hpp"
#include "models/phases.hpp"
#include "models/scenario/events.hpp"
#include "sim/simulation.hpp"

namespace clustersim {
namespace {

constexpr int kTrl = 5;

double stage_grant(const World& world, std::size_t funder = 0) {
  return world.funders.max_share[funder] * world.parameters().stage_cost[kTrl - 1];
}

// Every alive firm gets a TRL-5 project and enough own money for the co-financing.
void give_every_firm_a_project(World& world) {
  auto& f = world.firms;
  for (int i = 0; i < f.capacity; ++i) {
    if (!f.alive[std::size_t(i)]) continue;
    testing::give_project(world, i, {0, 1}, kTrl);
    f.rd_budget[std::size_t(i)] = 10.0;
  }
}

void next_month(World& world) {
  world.date = world.date.plus(1);
  ++world.step;
  world.month = MonthTotals{};
}

// `clusters` clusters named c0, c1, ... with `per_cluster` ICT firms each, a second
// sector "energy" with `energy_firms` firms in c0, and the funders given as TOML.
std::string scenario_text(int clusters, int per_cluster, int energy_firms,
                          const std::string& funders) {
  std::string text = R"(name = "instruments"
seed = 3
replications = 1
domains = ["software", "electronics"]

[calendar]
start = "2021-01"
end = "2023-12"

[[sectors]]
name = "ict"

[[sectors]]
name = "energy"
)";
  for (int c = 0; c < clusters; ++c) {
    const std::string name = "c" + std::to_string(c);
    text += "\n[[clusters]]\nname = \"" + name + "\"\n";
    text += "\n[[firms]]\nname = \"ict_" + name + "\"\ncluster = \"" + name +
            "\"\nsector = \"ict\"\ncount = " + std::to_string(per_cluster) +
            "\nknowledge = { software = 0.6, electronics = 0.3 }\n";
  }
  if (energy_firms > 0)
    text += "\n[[firms]]\nname = \"energy\"\ncluster = \"c0\"\nsector = \"energy\"\ncount = " +
            std::to_string(energy_firms) + "\nknowledge = { software = 0.6, electronics = 0.3 }\n";
  return text + "\n" + funders;
}

World build(const std::string& text) {
  return build_world(load_scenario_text(text, "instruments.toml"), 0);
}

// --- Grants --------------------------------------------------------------------

TEST(Instruments, grants_and_cofinancing_never_exceed_yearly_budgets_over_a_full_run) {
  auto scenario = load_scenario_text(scenario_text(3, 15, 5, R"(
[[funders]]
name = "ministry"
annual_budget = 3
min_trl = 1
max_trl = 9
cofinancing = 0
cofinanced_by = "region"

[[funders]]
name = "region"
kind = "regional"
annual_budget = 0.4
regional_share = 0.5

[[funders]]
name = "federal"
kind = "cluster_subsidy"
annual_budget = 2
call = "2021-03"
select = 2
min_trl = 1
max_trl = 9
cofinancing = 0
)"),
                                     "instruments.toml");
  const auto model = cluster_model(scenario);
  World world = model.build(0);
  std::vector<double> year(std::size_t(world.funders.count), 0.0);
  double public_money = 0;
  for (int month = 0; month < 36; ++month) {
    step_month(model, world);
    for (std::size_t k = 0; k < year.size(); ++k) {
      year[k] += world.funders.disbursed_month[k];
      EXPECT_LE(year[k], world.funders.annual_budget[k] + 1e-9) << "funder " << k << " m " << month;
    }
    public_money += world.month.public_money;
    if (world.date.month == 1) std::fill(year.begin(), year.end(), 0.0);
  }
  EXPECT_GT(world.funders.disbursed_total[0], 3.0);  // grants flowed in several years
  EXPECT_GT(world.funders.disbursed_total[1], 0.0);  // and the region co-financed
  EXPECT_NEAR(world.running.public_money, public_money, 1e-9);
}

TEST(Instruments, custom_weights_flip_the_ranking_of_two_applications) {
  const std::string funder = R"(
[[funders]]
name = "ministry"
cofinancing = 0
)";
  for (const bool competence_first : {false, true}) {
    auto scenario = load_scenario_text(scenario_text(1, 10, 0, funder), "instruments.toml");
    if (competence_first) {
      scenario.funders[0].weight_knowledge = 0;
      scenario.funders[0].weight_competence = 1;
    }
    World world = build_world(scenario, 0);
    give_every_firm_a_project(world);
    const double grant = stage_grant(world);
    world.funders.annual_budget[0] = 12 * 1.5 * grant;  // January pays one grant
    auto& f = world.firms;
    for (int i = 0; i < f.capacity; ++i) {
      f.knowledge(i, 0) = 0.1;
      f.competence.row(i).setConstant(0.1);
    }
    f.knowledge(3, 0) = 0.9;               // strong knowledge, weak competence
    f.competence.row(6).setConstant(0.5);  // strong competence, weak knowledge
    finance_phase(world);
    EXPECT_EQ(f.grant_received[3], competence_first ? 0.0 : grant);
    EXPECT_EQ(f.grant_received[6], competence_first ? grant : 0.0);
  }
}

TEST(Instruments, firms_of_ineligible_sectors_get_no_grant) {
  World world = build(scenario_text(1, 6, 6, R"(
[[funders]]
name = "ministry"
annual_budget = 1000
sectors = ["energy"]
)"));
  give_every_firm_a_project(world);
  finance_phase(world);
  const auto& f = world.firms;
  int funded = 0;
  for (int i = 0; i < f.capacity; ++i) {
    if (!f.alive[std::size_t(i)]) continue;
    if (f.sector[std::size_t(i)] == 0) EXPECT_EQ(f.grant_received[std::size_t(i)], 0.0);
    funded += f.grant_received[std::size_t(i)] > 0;
  }
  EXPECT_EQ(funded, 6);
}

TEST(Instruments, regional_cofinancing_adds_its_share_within_its_own_budget) {
  World world = build(scenario_text(1, 20, 0, R"(
[[funders]]
name = "ministry"
annual_budget = 1000
cofinanced_by = "region"

[[funders]]
name = "region"
kind = "regional"
annual_budget = 1
regional_share = 0.3
)"));
  give_every_firm_a_project(world);
  const double grant = stage_grant(world);
  // The region can afford its share of exactly ten grants in the first year.
  world.funders.annual_budget[1] = 10 * 0.3 * grant;
  finance_phase(world);
  const auto& f = world.firms;
  int cofinanced = 0;
  for (int i = 0; i < f.capacity; ++i) {
    const double g = f.grant_received[std::size_t(i)];
    if (g == 0) continue;
    if (g > grant * 1.0001) {
      EXPECT_NEAR(g, 1.3 * grant, 1e-12);
      ++cofinanced;
    }
  }
  EXPECT_EQ(cofinanced, 10);
  EXPECT_NEAR(world.funders.disbursed_month[1], 10 * 0.3 * grant, 1e-12);
  // The second month the region has nothing left.
  next_month(world);
  finance_phase(world);
  EXPECT_EQ(world.funders.disbursed_month[1], 0.0);
  EXPECT_LE(world.funders.spent_this_year[1], world.funders.annual_budget[1] + 1e-12);
}

// --- Cluster subsidies ---------------------------------------------------------

std::string subsidy_funder(int select) {
  return R"(
[[funders]]
name = "federal"
kind = "cluster_subsidy"
annual_budget = 1000
call = "2021-01"
cofinancing = 0
select = )" +
         std::to_string(select) + "\n";
}

int selected_count(const World& world) {
  int count = 0;
  for (auto s : world.funders.selected_cluster) count += s;
  return count;
}

TEST(Instruments, cluster_competition_selects_the_top_k_with_ties_to_the_lower_index) {
  constexpr int kClusters = 6;
  World world = build(scenario_text(kClusters, 4, 0, subsidy_funder(3)));
  auto& f = world.firms;
  // Mean knowledge by cluster: c0 0.2, c1 0.5, c2 0.9, c3 0.5, c4 0.5, c5 0.1.
  const double level[kClusters] = {0.2, 0.5, 0.9, 0.5, 0.5, 0.1};
  for (int i = 0; i < f.capacity; ++i)
    if (f.alive[std::size_t(i)]) f.knowledge.row(i).setConstant(level[f.cluster[std::size_t(i)]]);
  give_every_firm_a_project(world);
  // Every firm has a partner in its own cluster.
  for (int i = 0; i + 1 < f.capacity; i += 2)
    if (f.alive[std::size_t(i)] && f.alive[std::size_t(i) + 1])
      testing::link_firms(world, i, i + 1, 0.5);
  finance_phase(world);  // call month: selection, no payments yet
  EXPECT_EQ(selected_count(world), 3);
  const auto& selected = world.funders.selected_cluster;
  EXPECT_TRUE(selected[2]);
  EXPECT_TRUE(selected[1]);  // three-way tie at 0.5: c1 and c3 win over c4
  EXPECT_TRUE(selected[3]);
  EXPECT_FALSE(selected[4]);
  EXPECT_EQ(world.funders.disbursed_month[0], 0.0);
  next_month(world);
  finance_phase(world);
  EXPECT_GT(world.funders.disbursed_month[0], 0.0);
  for (int i = 0; i < f.capacity; ++i) {
    if (!f.alive[std::size_t(i)]) continue;
    const bool in_selected = selected[std::size_t(f.cluster[std::size_t(i)])];
    if (!in_selected) EXPECT_EQ(f.grant_received[std::size_t(i)], 0.0) << "firm " << i;
  }
  EXPECT_EQ(selected_count(world), 3);  // selection holds after the call
}

TEST(Instruments, cluster_subsidies_pay_only_joint_projects) {
  World world = build(scenario_text(1, 6, 0, subsidy_funder(1)));
  give_every_firm_a_project(world);
  testing::link_firms(world, 0, 1, 0.5);
  finance_phase(world);
  next_month(world);
  finance_phase(world);
  const auto& f = world.firms;
  EXPECT_GT(f.grant_received[0], 0.0);
  EXPECT_GT(f.grant_received[1], 0.0);
  for (int i = 2; i < 6; ++i) EXPECT_EQ(f.grant_received[std::size_t(i)], 0.0);
}

TEST(Instruments, national_competition_selects_25_of_94_applicants) {
  World world = build(scenario_text(94, 1, 0, subsidy_funder(25)));
  auto& f = world.firms;
  for (int i = 0; i < f.capacity; ++i)
    if (f.alive[std::size_t(i)])
      f.knowledge.row(i).setConstant(0.01 * (f.cluster[std::size_t(i)] % 40));
  finance_phase(world);
  EXPECT_EQ(selected_count(world), 25);
  // Knowledge 0.39 .. 0.27 (clusters 27..39 and 67..79, 26 clusters): the lower index wins the last
  // tie.
  for (int c = 0; c < 94; ++c) {
    const int level = c % 40;
    const bool expected = level > 27 || (level == 27 && c == 27);
    EXPECT_EQ(bool(world.funders.selected_cluster[std::size_t(c)]), expected) << "cluster " << c;
  }
}

// --- Soft loans ----------------------------------------------------------------

double loan_rate_of(const World& world, int firm, int funder) {
  const auto& f = world.firms;
  for (std::size_t s = std::size_t(firm) * kLoanSlots; s < std::size_t(firm + 1) * kLoanSlots; ++s)
    if (f.loan_months_left[s] > 0 && f.loan_funder[s] == funder) return f.loan_rate[s];
  return -1;
}

TEST(Instruments, platform_rate_follows_the_key_rate_path) {
  World world = build(scenario_text(1, 4, 0, R"(
[[key_rate]]
from = "2021-03"
rate = 0.2

[[funders]]
name = "platform"
kind = "cluster_platform"
annual_budget = 1000
rate = 0.03
rate_key_multiple = 0.3
min_loan = 1
)"));
  auto& f = world.firms;
  world.date = YearMonth{2021, 3};
  world.step = 2;
  f.investment[1] = 2.0;  // investing: applies for a year of it
  apply_scheduled_events(world);
  finance_phase(world);
  EXPECT_DOUBLE_EQ(world.environment.key_rate, 0.2);
  EXPECT_NEAR(loan_rate_of(world, 1, 0), (0.3 * 0.2 + 0.03) / 12.0, 1e-15);
  EXPECT_EQ(loan_rate_of(world, 0, 0), -1.0);  // not investing
  EXPECT_NEAR(world.funders.disbursed_month[0], 24.0, 1e-12);
  EXPECT_NEAR(world.month.public_money, 24.0, 1e-12);
  // One loan per programme at a time.
  next_month(world);
  finance_phase(world);
  EXPECT_EQ(world.funders.disbursed_month[0], 0.0);
}

TEST(Instruments, industrial_mortgage_charges_technology_companies_three_percent) {
  World world = build(scenario_text(1, 4, 0, R"(
[[funders]]
name = "mortgage"
kind = "industrial_mortgage"
annual_budget = 1000
rate = 0.05
rate_technology = 0.03
min_loan = 1
)"));
  auto& f = world.firms;
  f.investment[0] = f.investment[1] = 1.0;
  f.technology_company[1] = 1;
  finance_phase(world);
  EXPECT_NEAR(loan_rate_of(world, 0, 0), 0.05 / 12.0, 1e-15);
  EXPECT_NEAR(loan_rate_of(world, 1, 0), 0.03 / 12.0, 1e-15);
}

TEST(Instruments, idf_loans_fit_the_budget_and_earmark_money_for_the_project) {
  World world = build(scenario_text(1, 10, 0, R"(
[[funders]]
name = "idf"
kind = "idf_loan"
annual_budget = 10
min_trl = 5
max_trl = 9
min_loan = 1
max_loan = 3
cofinancing = 0
)"));
  give_every_firm_a_project(world);
  auto& f = world.firms;
  for (int i = 0; i < f.capacity; ++i) f.knowledge.row(i).setConstant(0.5);  // equal scores
  const double request = 12 * world.parameters().stage_cost[kTrl - 1];       // 2.4 mln
  finance_phase(world);
  // 10 mln a year: four loans of 2.4, then 0.4 is below min_loan.
  EXPECT_NEAR(world.funders.disbursed_month[0], 4 * request, 1e-12);
  EXPECT_NEAR(f.earmarked[0], request, 1e-12);
  EXPECT_EQ(f.earmarked[5], 0.0);
  for (int month = 0; month < 11; ++month) {
    next_month(world);
    finance_phase(world);
    EXPECT_LE(world.funders.spent_this_year[0], 10.0 + 1e-12);
  }
}

// --- Defence orders ------------------------------------------------------------

std::string defence_scenario(double budget) {
  std::string text = scenario_text(1, 6, 0, R"(
[[funders]]
name = "mod"
kind = "defence_orders"
annual_budget = )" + std::to_string(budget) + "\n");
  return text;
}

double capacity_of(const World& world, int i) {
  const auto& f = world.firms;
  const auto n = std::size_t(i);
  return f.employees[n] * world.scenario.sectors[std::size_t(f.sector[n])].revenue_per_employee *
         f.productivity[n];
}

TEST(Instruments, defence_orders_never_exceed_budget_or_defence_share_of_capacity) {
  for (const double budget : {1.0, 1e6}) {
    World world = build(defence_scenario(budget));
    auto& f = world.firms;
    for (int i = 0; i < 3; ++i) {
      f.dual_use[std::size_t(i)] = 1;
      f.defence_share[std::size_t(i)] = 0.2 * (i + 1);
    }
    double year = 0;
    for (int month = 0; month < 12; ++month) {
      finance_phase(world);
      allocate_defence_orders(world);
      double total = 0;
      for (int i = 0; i < f.capacity; ++i) {
        const double order = f.defence_revenue[std::size_t(i)];
        EXPECT_LE(order, f.defence_share[std::size_t(i)] * capacity_of(world, i) + 1e-12);
        if (!f.dual_use[std::size_t(i)]) EXPECT_EQ(order, 0.0);
        total += order;
      }
      EXPECT_NEAR(total, world.funders.disbursed_month[0], 1e-12);
      EXPECT_LE(total, budget / 12.0 + 1e-12);
      if (budget > 1e5)  // a large budget buys the whole defence share
        EXPECT_NEAR(f.defence_revenue[2], 0.6 * capacity_of(world, 2), 1e-9);
      else
        EXPECT_NEAR(total, budget / 12.0, 1e-12);
      year += total;
      next_month(world);
    }
    EXPECT_LE(year, budget + 1e-9);
  }
}

TEST(Instruments, defence_share_falls_with_each_new_product) {
  World world = build(defence_scenario(100));
  auto& f = world.firms;
  auto& p = world.scenario.parameters;
  p.stage_success.assign(9, 1.0);
  f.dual_use[0] = 1;
  f.defence_share[0] = 0.5;
  testing::give_project(world, 0, {0, 1}, 9);
  f.project_progress[0] = 1.0;
  innovation_phase(world);
  EXPECT_EQ(world.running.innovations[0], 1);
  EXPECT_NEAR(f.defence_share[0], 0.5 - p.civilian_shift_per_product, 1e-15);
}

TEST(Instruments, metrics_split_public_money_by_instrument) {
  World world = build(defence_scenario(120));
  world.firms.dual_use[0] = 1;
  world.firms.defence_share[0] = 1.0;
  finance_phase(world);
  allocate_defence_orders(world);
  const auto group = instrument_metrics();
  std::vector<double> row(group.infos.size());
  group.make_recorder()(world, row.data());
  auto value = [&](const std::string& name) {
    for (std::size_t m = 0; m < group.infos.size(); ++m)
      if (group.infos[m].name == name) return row[m];
    ADD_FAILURE() << name;
    return -1.0;
  };
  EXPECT_NEAR(value("public_money_defence_orders"), world.firms.defence_revenue[0], 1e-12);
  EXPECT_GT(value("public_money_defence_orders"), 0.0);
  EXPECT_EQ(value("public_money_grants"), 0.0);
  EXPECT_NEAR(value("public_money_cumulative"), value("public_money_defence_orders"), 1e-12);
  EXPECT_NEAR(value("defence_output"), world.firms.defence_revenue[0], 1e-12);
}

}  // namespace
}  // namespace clustersim

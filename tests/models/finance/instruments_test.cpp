#include <string>

#include <gtest/gtest.h>

#include "models/finance/instruments_fixtures.hpp"

namespace clustersim {
namespace {

using namespace instruments_testing;

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

// What joint projects leave of the month's allowance buys the selected cluster's
// services up to services_per_member x members a year; the services train members'
// staff by headcount and pay no firm's cash.
TEST(Instruments, cluster_services_take_what_projects_leave_up_to_member_demand) {
  auto month_of_services = [](double per_member) {
    World world = build(scenario_text(
        2, 6, 0, subsidy_funder(1) + "services_per_member = " + std::to_string(per_member) + "\n"));
    give_every_firm_a_project(world);  // no links, so no joint project is paid
    finance_phase(world);              // call month: one cluster selected
    next_month(world);
    finance_phase(world);
    return world;
  };
  const World modest = month_of_services(12.0);  // 1 mln RUB a member a month
  EXPECT_NEAR(modest.funders.disbursed_month[0], 6.0, 1e-9);
  const auto& f = modest.firms;
  const double cost = modest.parameters().competence_training_cost;
  double trained = 0;
  for (int i = 0; i < f.capacity; ++i) {
    const auto n = std::size_t(i);
    if (!f.alive[n]) continue;
    EXPECT_EQ(f.grant_received[n], 0.0) << "firm " << i;
    if (!modest.funders.selected_cluster[std::size_t(f.cluster[n])])
      EXPECT_EQ(f.subsidised_training[n], 0.0) << "firm " << i;
    trained += f.subsidised_training[n];
  }
  EXPECT_NEAR(trained, 6.0 / cost, 1e-9);
  // With more demand than money, the month's allowance is all placed: the budget binds.
  const World ample = month_of_services(1.0e3);
  EXPECT_NEAR(ample.funders.disbursed_month[0], 1000.0 / double(13 - ample.date.month), 1e-9);
}

TEST(Instruments, cluster_services_raise_members_competence) {
  auto competence_after = [](double per_member) {
    World world = build(scenario_text(
        1, 6, 0, subsidy_funder(1) + "services_per_member = " + std::to_string(per_member) + "\n"));
    finance_phase(world);
    next_month(world);
    finance_phase(world);
    learning_phase(world);
    return world.firms.competence.row(0).mean();
  };
  EXPECT_GT(competence_after(12.0), competence_after(0.0));
}

// --- Soft loans ----------------------------------------------------------------

}  // namespace
}  // namespace clustersim

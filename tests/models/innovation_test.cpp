#include <gtest/gtest.h>

#include <array>

#include "model_fixtures.hpp"
#include "models/innovation_rules.hpp"
#include "models/phases.hpp"

namespace clustersim {
namespace {

TEST(WeakestCompetence, picks_the_smallest_ratio_over_required_domains) {
  const std::array<double, 4> competence{0.8, 0.1, 0.3, 0.0};
  auto of = [&](int d) { return competence[std::size_t(d)]; };
  const std::int16_t required[kMaxRequiredDomains] = {0, 1, 2, -1, -1, -1, -1, -1};
  EXPECT_NEAR(rules::weakest_competence(of, required, kMaxRequiredDomains, 0.4), 0.25, 1e-12);
  // Domain 3 (competence 0) is not required, so it does not count.
  const std::int16_t strong[kMaxRequiredDomains] = {0, 2, -1, -1, -1, -1, -1, -1};
  EXPECT_NEAR(rules::weakest_competence(of, strong, kMaxRequiredDomains, 0.4), 0.75, 1e-12);
}

TEST(WeakestCompetence, is_capped_at_one_and_zero_when_a_required_domain_is_missing) {
  const std::array<double, 3> competence{0.9, 0.8, 0.0};
  auto of = [&](int d) { return competence[std::size_t(d)]; };
  const std::int16_t ample[kMaxRequiredDomains] = {0, 1, -1, -1, -1, -1, -1, -1};
  EXPECT_DOUBLE_EQ(rules::weakest_competence(of, ample, kMaxRequiredDomains, 0.4), 1.0);
  const std::int16_t lacking[kMaxRequiredDomains] = {0, 2, -1, -1, -1, -1, -1, -1};
  EXPECT_DOUBLE_EQ(rules::weakest_competence(of, lacking, kMaxRequiredDomains, 0.4), 0.0);
}

TEST(TrainingGain, spreads_person_months_over_staff_and_never_overshoots_the_need) {
  EXPECT_NEAR(rules::training_gain(10, 100, 1.0, 0.1, 0.4), 0.1, 1e-12);
  EXPECT_NEAR(rules::training_gain(1000, 100, 1.0, 0.1, 0.4), 0.3, 1e-12);
  EXPECT_EQ(rules::training_gain(10, 100, 1.0, 0.5, 0.4), 0.0);
  EXPECT_EQ(rules::training_gain(10, 0, 1.0, 0.1, 0.4), 0.0);
}

TEST(KnowledgeFactor, rises_with_knowledge_relative_to_the_frontier) {
  EXPECT_DOUBLE_EQ(rules::knowledge_factor(0.25, 0.25, 1.0), 1.0);
  EXPECT_DOUBLE_EQ(rules::knowledge_factor(0.5, 0.25, 1.0), 2.0);
  EXPECT_DOUBLE_EQ(rules::knowledge_factor(0.0, 0.25, 1.0), 0.0);
  EXPECT_LT(rules::knowledge_factor(0.1, 0.25, 1.0), rules::knowledge_factor(0.2, 0.25, 1.0));
  EXPECT_DOUBLE_EQ(rules::knowledge_factor(0.1, 0.25, 0.0), 1.0);  // elasticity 0: no effect
}

TEST(KnowledgePace, is_one_at_the_reference_proportional_below_and_capped_above) {
  EXPECT_DOUBLE_EQ(rules::knowledge_pace(0.15, 0.15, 1.0, 2.0), 1.0);
  EXPECT_DOUBLE_EQ(rules::knowledge_pace(0.075, 0.15, 1.0, 2.0), 0.5);
  EXPECT_DOUBLE_EQ(rules::knowledge_pace(0.6, 0.15, 1.0, 2.0), 2.0);  // 4 x, capped at 2
  EXPECT_DOUBLE_EQ(rules::knowledge_pace(0.0, 0.15, 0.0, 2.0), 1.0);  // elasticity 0: no effect
}

TEST(Pooled, takes_the_larger_of_own_and_the_members_share) {
  EXPECT_DOUBLE_EQ(rules::pooled(0.2, 1.0, 0.5), 0.5);
  EXPECT_DOUBLE_EQ(rules::pooled(0.6, 1.0, 0.5), 0.6);
}

TEST(FundingFactor, is_the_covered_share_of_the_cost) {
  EXPECT_DOUBLE_EQ(rules::funding_factor(0.05, 0.1), 0.5);
  EXPECT_DOUBLE_EQ(rules::funding_factor(1.0, 0.1), 1.0);
  EXPECT_DOUBLE_EQ(rules::funding_factor(-1.0, 0.1), 0.0);
  EXPECT_DOUBLE_EQ(rules::funding_factor(0.0, 0.0), 1.0);
}

class InnovationPhase : public ::testing::Test {
 protected:
  void SetUp() override {
    auto scenario = testing::minimal_scenario();
    scenario.parameters.project_max_stall = 4;
    world_ = build_world(scenario, 0);
    auto& f = world_.firms;
    // Plenty of money and knowledge at the frontier reference (pace factor 1), so only
    // competence limits the pace unless a test changes them.
    f.rd_budget[0] = 100.0;
    f.competence(0, 0) = 0.9;
    const double reference = scenario.parameters.innovation_frontier_reference;
    for (int firm : {0, 5})
      for (int d = 0; d < f.domains; ++d)
        f.knowledge(firm, d) = reference * world_.environment.foreign_frontier[std::size_t(d)];
  }
  World world_;
};

TEST_F(InnovationPhase, project_lacking_a_required_competence_stalls_and_is_abandoned) {
  auto& f = world_.firms;
  f.competence(0, 1) = 0.0;
  testing::give_project(world_, 0, {0, 1});
  const int max_stall = world_.parameters().project_max_stall;
  for (int month = 1; month <= max_stall; ++month) {
    innovation_phase(world_);
    EXPECT_EQ(f.project_trl[0], 1) << "month " << month;
    EXPECT_EQ(f.project_progress[0], 0.0) << "month " << month;
    EXPECT_EQ(f.project_stall[0], month);
  }
  innovation_phase(world_);
  EXPECT_EQ(f.project_trl[0], 0);
  EXPECT_EQ(f.project_event[0], ProjectEvent::abandoned);
  EXPECT_GE(world_.month.projects_abandoned, 1);
}

TEST_F(InnovationPhase, project_with_the_needed_competence_progresses) {
  auto& f = world_.firms;
  f.competence(0, 1) = 0.9;
  testing::give_project(world_, 0, {0, 1}, 3);  // stage of two months
  innovation_phase(world_);
  EXPECT_NEAR(f.project_progress[0], 0.5, 1e-12);
  EXPECT_EQ(f.project_stall[0], 0);
  EXPECT_EQ(f.project_trl[0], 3);
}

TEST_F(InnovationPhase, half_the_needed_competence_halves_the_pace) {
  auto& f = world_.firms;
  f.competence(0, 1) = 0.5 * world_.parameters().project_competence_need;
  testing::give_project(world_, 0, {0, 1}, 3);
  innovation_phase(world_);
  EXPECT_NEAR(f.project_progress[0], 0.25, 1e-12);
}

// A consortium pools competence: a trusted partner strong in the missing domain lets
// a project that would stall progress, and the project counts as joint.
TEST_F(InnovationPhase, trusted_partner_completes_the_missing_competence) {
  auto& f = world_.firms;
  f.competence(0, 1) = 0.0;
  f.competence(5, 1) = 0.9;
  testing::give_project(world_, 0, {0, 1}, 3);
  testing::link_firms(world_, 0, 5, 0.9);
  innovation_phase(world_);
  const double pooled = world_.parameters().consortium_pool_share * 0.9;
  EXPECT_NEAR(f.project_progress[0],
              std::min(1.0, pooled / world_.parameters().project_competence_need) / 2.0, 1e-12);
  EXPECT_EQ(f.project_joint[0], 1);
  EXPECT_EQ(world_.month.consortia_active, 1);
}

// A stage's pace is proportional to the project's knowledge relative to the frontier: the
// fixture's firm sits at the reference (pace of stage_months), half of it halves the pace.
TEST_F(InnovationPhase, half_the_reference_knowledge_halves_the_pace) {
  auto& f = world_.firms;
  f.competence(0, 1) = 0.9;
  testing::give_project(world_, 0, {0, 1}, 3);  // stage of two months
  innovation_phase(world_);
  EXPECT_NEAR(f.project_progress[0], 0.5, 1e-12);
  testing::give_project(world_, 0, {0, 1}, 3);
  f.knowledge.row(0) *= 0.5;
  innovation_phase(world_);
  EXPECT_NEAR(f.project_progress[0], 0.25, 1e-12);
}

// A consortium uses a partner's knowledge only as far as the firm can absorb it: the
// same partner speeds the project less when the firm's absorptive capacity is lower.
TEST_F(InnovationPhase, pooled_partner_knowledge_is_scaled_by_absorptive_capacity) {
  auto& f = world_.firms;
  f.competence(0, 1) = 0.9;
  f.knowledge.row(0) *= 0.25;  // a quarter of the reference: pace 0.25 alone
  f.knowledge.row(5) *= 2.0;   // the partner holds twice the reference
  testing::link_firms(world_, 0, 5, 0.9);
  auto progress_with = [&](double absorptive) {
    testing::give_project(world_, 0, {0, 1}, 3);
    f.absorptive[0] = absorptive;
    innovation_phase(world_);
    return f.project_progress[0];
  };
  const double share = world_.parameters().consortium_pool_share;
  // Pooled knowledge: share x absorptive x 2 x the reference in both domains.
  EXPECT_NEAR(progress_with(1.0), std::min(2.0, share * 2.0) / 2.0, 1e-12);
  EXPECT_NEAR(progress_with(0.5), std::max(0.25, share * 1.0) / 2.0, 1e-12);
}

// A partner below consortium.min_trust does not join: the project stalls as alone.
TEST_F(InnovationPhase, untrusted_partner_does_not_join_the_consortium) {
  auto& f = world_.firms;
  f.competence(0, 1) = 0.0;
  f.competence(5, 1) = 0.9;
  testing::give_project(world_, 0, {0, 1}, 3);
  testing::link_firms(world_, 0, 5, 0.5 * world_.parameters().consortium_min_trust);
  innovation_phase(world_);
  EXPECT_EQ(f.project_progress[0], 0.0);
  EXPECT_EQ(f.project_joint[0], 0);
}

// Start chance rises with knowledge relative to the world frontier: over many firms,
// a population with twice the knowledge starts clearly more projects in a month.
TEST(ProjectStart, more_knowledge_relative_to_the_frontier_starts_more_projects) {
  auto scenario = testing::minimal_scenario();
  scenario.firms[0].count = 400;
  scenario.parameters.project_start_rate = 0.2;
  auto starts = [&](double scale) {
    World world = build_world(scenario, 0);
    auto& f = world.firms;
    for (int i = 0; i < f.capacity; ++i) {
      f.rd_budget[std::size_t(i)] = 100.0;  // money never limits
      f.knowledge.row(i) *= scale;
    }
    innovation_phase(world);
    return world.month.projects_started;
  };
  const int low = starts(0.5), high = starts(1.0);
  EXPECT_GT(high, low + 10) << low << " vs " << high;
}

TEST_F(InnovationPhase, project_without_money_stalls) {
  auto& f = world_.firms;
  f.competence(0, 1) = 0.9;
  f.rd_budget[0] = 0.0;
  f.grant_received[0] = 0.0;
  testing::give_project(world_, 0, {0, 1}, 5);
  innovation_phase(world_);
  EXPECT_EQ(f.project_progress[0], 0.0);
  EXPECT_EQ(f.project_stall[0], 1);
}

// Pecking order: taking an innovation into production (scale-up stages) draws on cash
// above the firm's buffer when the R&D budget and grants are spent; research stages do
// not, and cash within the buffer is never touched.
TEST_F(InnovationPhase, scale_up_draws_on_cash_above_the_buffer_research_does_not) {
  auto& f = world_.firms;
  const auto& p = world_.parameters();
  f.competence(0, 1) = 0.9;
  f.rd_budget[0] = 0.0;
  f.grant_received[0] = 0.0;
  f.input_costs[0] = f.interest_paid[0] = f.principal_repaid[0] = 0.0;
  f.wage_bill[0] = 1.0;
  const double buffer = p.cash_buffer_months * 1.0;
  auto progress_at = [&](int trl, double cash) {
    f.cash[0] = cash;
    f.rd_spent[0] = 0.0;
    testing::give_project(world_, 0, {0, 1}, trl);
    innovation_phase(world_);
    return f.project_progress[0];
  };
  const int scaleup = p.scaleup_from_trl;
  ASSERT_GE(scaleup, 2);
  ASSERT_LE(scaleup, 9);
  EXPECT_NEAR(progress_at(scaleup, buffer + 1e3), 1.0 / p.stage_months[std::size_t(scaleup - 1)],
              1e-12);
  EXPECT_GT(f.rd_spent[0], 0.0);
  EXPECT_EQ(progress_at(scaleup - 1, buffer + 1e3), 0.0);  // research: budget only
  EXPECT_EQ(progress_at(scaleup, buffer), 0.0);            // nothing above the buffer
}

}  // namespace
}  // namespace clustersim

#include <gtest/gtest.h>

#include <array>

#include "models/finance/money.hpp"
#include "models/innovation/innovation_rules.hpp"
#include "models/innovation/project_cost.hpp"
#include "models/model_fixtures.hpp"
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

// ---- the valley of death: a stage the firm cannot pay waits -------------------------

// Firm 0 at TRL 5 (a research stage: innovation budget and grants only) with an innovation
// budget of half the stage's monthly cost.
class UnfundedStage : public InnovationPhase {
 protected:
  void SetUp() override {
    InnovationPhase::SetUp();
    auto& f = world_.firms;
    f.competence(0, 1) = 0.9;
    cost_ = project_stage_cost(world_, 0, kTrl - 1);
    ASSERT_FALSE(is_scaleup_stage(world_, kTrl - 1));
    ASSERT_EQ(world_.parameters().min_funding_share, 1.0);  // the default: indivisible stages
    f.rd_budget[0] = 0.5 * cost_ / world_.parameters().rd_innovation_share;
    f.grant_received[0] = 0.0;
    f.cash[0] = 0.0;  // no retained earnings
    testing::give_project(world_, 0, {0, 1}, kTrl);
  }
  static constexpr int kTrl = 5;
  double cost_ = 0;
};

// Half the money does not run the stage at half pace: it waits unpaid, month after month,
// and is abandoned after innovation.max_stall months, counted as abandoned for want of money.
TEST_F(UnfundedStage, cash_poor_stage_waits_unpaid_and_is_abandoned_after_max_stall) {
  auto& f = world_.firms;
  const double knowledge_part = f.rd_budget[0] * (1.0 - world_.parameters().rd_innovation_share);
  const int max_stall = world_.parameters().project_max_stall;
  long waited = 0;
  for (int month = 1; month <= max_stall; ++month) {
    world_.month = MonthTotals{};  // the month's counters, as at the start of a month
    innovation_phase(world_);
    EXPECT_EQ(f.project_progress[0], 0.0) << "month " << month;
    EXPECT_EQ(f.project_unfunded[0], 1) << "month " << month;
    EXPECT_EQ(f.project_stall[0], month);
    EXPECT_NEAR(f.rd_spent[0], knowledge_part, 1e-12);  // nothing spent on the stage
    waited += world_.month.projects_unfunded;
  }
  EXPECT_EQ(waited, max_stall);
  world_.month = MonthTotals{};
  innovation_phase(world_);
  EXPECT_EQ(f.project_trl[0], 0);
  EXPECT_EQ(f.project_event[0], ProjectEvent::abandoned);
  EXPECT_EQ(world_.month.projects_abandoned_unfunded, 1);
  EXPECT_EQ(world_.running.projects_abandoned_unfunded, 1);
}

// A grant that covers the gap lets the same stage move at full pace, and the stall count
// starts again.
TEST_F(UnfundedStage, grant_covering_the_gap_lets_the_stage_proceed) {
  auto& f = world_.firms;
  innovation_phase(world_);
  ASSERT_EQ(f.project_progress[0], 0.0);
  ASSERT_EQ(f.project_stall[0], 1);
  f.grant_received[0] = 0.5 * cost_;
  world_.month = MonthTotals{};
  innovation_phase(world_);
  const double months = world_.parameters().stage_months[std::size_t(kTrl - 1)];
  EXPECT_NEAR(f.project_progress[0], 1.0 / months, 1e-12);
  EXPECT_EQ(f.project_unfunded[0], 0);
  EXPECT_EQ(f.project_stall[0], 0);
  EXPECT_EQ(world_.month.projects_unfunded, 0);
}

// Where money does not bind, a grant changes nothing: a firm whose budget pays the stage
// moves at the same pace and spends the same with or without it.
TEST_F(UnfundedStage, firm_with_ample_money_is_unaffected_by_a_grant) {
  auto& f = world_.firms;
  f.rd_budget[0] = 100.0;
  auto month_with = [&](double grant) {
    testing::give_project(world_, 0, {0, 1}, kTrl);
    f.grant_received[0] = grant;
    innovation_phase(world_);
    return std::array<double, 2>{f.project_progress[0], f.rd_spent[0]};
  };
  const auto without = month_with(0.0);
  EXPECT_GT(without[0], 0.0);
  EXPECT_EQ(month_with(cost_), without);
}

// innovation.min_funding_share 0 restores the divisible stage: half the money, half the pace.
TEST_F(UnfundedStage, divisible_stages_move_at_the_covered_share_of_their_pace) {
  world_.live.parameters.min_funding_share = 0.0;
  innovation_phase(world_);
  const double months = world_.parameters().stage_months[std::size_t(kTrl - 1)];
  EXPECT_NEAR(world_.firms.project_progress[0], 0.5 / months, 1e-12);
  EXPECT_EQ(world_.firms.project_unfunded[0], 0);
}

// Pecking order: every stage draws on cash above the firm's buffer when the R&D budget and
// grants are spent (a stage waits only when neither retained earnings, credit nor public
// money pays it); only scale-up stages borrow from banks, and cash within the buffer is
// never touched.
TEST_F(InnovationPhase, stages_draw_on_cash_above_the_buffer_only_scale_up_borrows) {
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
    f.stage_credit[0] = 0.0;
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
  EXPECT_NEAR(progress_at(scaleup - 1, buffer + 1e3),
              1.0 / p.stage_months[std::size_t(scaleup - 2)], 1e-12);
  EXPECT_GT(f.rd_spent[0], 0.0);
  EXPECT_EQ(progress_at(scaleup - 1, buffer), 0.0);  // research: nothing retained, no bank
  EXPECT_EQ(f.stage_credit[0], 0.0);
  world_.live.parameters.credit_ceiling_multiple = 0;  // no bank credit either
  EXPECT_EQ(progress_at(scaleup, buffer), 0.0);        // nothing above the buffer
}

// ---- bank credit for scale-up stages --------------------------------------------------

// Firm 0 in its first scale-up stage without R&D budget, grant, debt or receivables: sales
// 10, inputs 4, wages 4 a month on capital 48 (return on capital 0.5 a year), so its cash
// buffer is 2 months x 8 and bank credit is worthwhile at a moderate rate.
class StageCredit : public InnovationPhase {
 protected:
  void SetUp() override {
    InnovationPhase::SetUp();
    auto& f = world_.firms;
    f.competence(0, 1) = 0.9;
    f.rd_budget[0] = 0.0;
    f.grant_received[0] = 0.0;
    f.earmarked[0] = 0.0;
    f.revenue[0] = 10.0;
    f.input_costs[0] = f.wage_bill[0] = 4.0;
    f.interest_paid[0] = f.principal_repaid[0] = 0.0;
    f.capital[0] = 48.0;
    f.receivables[0] = f.credit_line[0] = 0.0;
    for (int k = 0; k < kLoanSlots; ++k) f.loan_months_left[std::size_t(k)] = 0;
    // Divisible stages, so that partial credit shows as partial pace (the indivisible
    // default is tested in BankCreditThatCannotFillTheGap).
    world_.live.parameters.min_funding_share = 0.0;
    buffer_ = cash_buffer(world_, 0);
    stage_ = world_.parameters().scaleup_from_trl;
    cost_ = project_stage_cost(world_, 0, stage_ - 1);
  }
  // Bank credit firm 0 takes in one month of its scale-up stage with `cash` and `key_rate`;
  // its pace is left in project_progress.
  double credit_at(double cash, double key_rate) {
    auto& f = world_.firms;
    world_.environment.key_rate = key_rate;
    for (int k = 0; k < kLoanSlots; ++k) f.loan_months_left[std::size_t(k)] = 0;
    f.cash[0] = cash;
    f.rd_spent[0] = 0.0;
    testing::give_project(world_, 0, {0, 1}, stage_);
    innovation_phase(world_);
    return f.stage_credit[0];
  }
  double buffer_ = 0, cost_ = 0;
  int stage_ = 0;
};

// Pecking order (Myers and Majluf 1984): retained earnings (cash above the buffer) pay the
// stage first; the bank lends only for what they leave, and the loan is serviced like any
// other (a commercial annuity, so its payment enters unit cost).
TEST_F(StageCredit, bank_lends_only_what_retained_earnings_leave) {
  auto& f = world_.firms;
  ASSERT_GT(cost_, 0.0);
  ASSERT_LT(cost_, credit_room(world_, 0));               // the ceiling does not bind here
  EXPECT_EQ(credit_at(buffer_ + 2 * cost_, 0.075), 0.0);  // retained earnings pay it all
  const double half = credit_at(buffer_ + 0.5 * cost_, 0.075);
  EXPECT_GT(half, 0.0);
  EXPECT_LE(half, 0.5 * cost_ + 1e-12);
  EXPECT_EQ(f.loan_funder[0], kCommercialLoan);
  EXPECT_NEAR(f.loan_principal[0], half, 1e-12);
  EXPECT_GT(f.loan_payment[0], 0.0);
  EXPECT_NEAR(f.cash[0], buffer_ + 0.5 * cost_ + half, 1e-9);  // loan paid into cash
  EXPECT_NEAR(f.rd_spent[0], 0.5 * cost_ + half, 1e-9);        // and spent on the stage
  const double none = credit_at(buffer_, 0.075);               // nothing retained
  EXPECT_NEAR(none, 2 * half, 1e-9);
}

// Public money comes first: loan money earmarked for the project (IDF, whose terms beat
// the bank's) pays the stage, and the firm borrows nothing commercially.
TEST_F(StageCredit, earmarked_soft_loan_money_is_drawn_before_bank_credit) {
  world_.firms.earmarked[0] = 2 * cost_;
  EXPECT_EQ(credit_at(buffer_ + 2 * cost_, 0.075), 0.0);
  EXPECT_NEAR(world_.firms.earmarked[0], cost_, 1e-9);
}

// The key rate reaches innovation: a cash-poor firm borrows less for its stage at a higher
// rate (loan demand falls as the rate nears the return on capital) and so moves slower;
// at a rate above the return it borrows nothing and its stage stalls.
TEST_F(StageCredit, higher_key_rate_lowers_stage_credit_and_pace_of_a_cash_poor_firm) {
  auto& f = world_.firms;
  const double low = credit_at(buffer_, 0.05);
  const double low_pace = f.project_progress[0];
  const double high = credit_at(buffer_, 0.20);
  const double high_pace = f.project_progress[0];
  EXPECT_GT(low, 0.0);
  EXPECT_LT(high, low);
  EXPECT_LT(high_pace, low_pace);
  EXPECT_EQ(credit_at(buffer_, 0.60), 0.0);
  EXPECT_EQ(f.project_progress[0], 0.0);
}

// With indivisible stages (the default), a cash-poor firm whose bank credit cannot fill the
// gap takes no loan: the stage waits unpaid instead of running on borrowed money at part pace.
TEST_F(StageCredit, bank_credit_that_cannot_fill_the_gap_is_not_taken) {
  auto& f = world_.firms;
  const double partial = credit_at(buffer_, 0.075);
  ASSERT_GT(partial, 0.0);
  ASSERT_LT(partial, cost_);  // loan demand below 1: the bank leaves part of the gap
  world_.live.parameters.min_funding_share = 1.0;
  EXPECT_EQ(credit_at(buffer_, 0.075), 0.0);
  EXPECT_EQ(f.project_progress[0], 0.0);
  EXPECT_EQ(f.project_unfunded[0], 1);
  for (int k = 0; k < kLoanSlots; ++k) EXPECT_EQ(f.loan_months_left[std::size_t(k)], 0);
  EXPECT_EQ(credit_at(buffer_ + 2 * cost_, 0.075), 0.0);  // retained earnings pay it all
  EXPECT_GT(f.project_progress[0], 0.0);
}

// Month after month a stage's bank credit goes onto the same loan, so the other loan slots
// stay free for the public loans (IDF, mortgage, platform) a scale-up stage may still get.
TEST_F(StageCredit, monthly_draws_share_one_bank_loan_and_leave_slots_for_public_loans) {
  auto& f = world_.firms;
  world_.environment.key_rate = 0.075;
  double drawn = 0;
  int months_drawn = 0;
  for (int month = 0; month < kLoanSlots + 1; ++month) {
    f.cash[0] = buffer_;
    f.rd_spent[0] = f.stage_credit[0] = 0.0;
    testing::give_project(world_, 0, {0, 1}, stage_);
    innovation_phase(world_);
    drawn += f.stage_credit[0];
    months_drawn += f.stage_credit[0] > 0;
  }
  ASSERT_EQ(months_drawn, kLoanSlots + 1);
  int used = 0;
  double principal = 0;
  for (int k = 0; k < kLoanSlots; ++k) {
    if (f.loan_months_left[std::size_t(k)] <= 0) continue;
    ++used;
    principal += f.loan_principal[std::size_t(k)];
  }
  EXPECT_EQ(used, 1);
  EXPECT_NEAR(principal, drawn, 1e-9);
}

}  // namespace
}  // namespace clustersim

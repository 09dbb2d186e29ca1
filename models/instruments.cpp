// Public instruments: funders' calls, competitions and programmes (finance phase).
// Grants: funders rank eligible project applications and fund the best until the
// month's share of the yearly budget is spent.
#include <algorithm>
#include <numeric>

#include "models/metrics.hpp"
#include "models/money.hpp"
#include "models/phases.hpp"

namespace clustersim {
namespace {

// Funders spread what is left of the year's budget evenly over the remaining months.
double monthly_allowance(const FunderState& funders, std::size_t k, int month_of_year) {
  const double left = std::max(0.0, funders.annual_budget[k] - funders.spent_this_year[k]);
  return left / double(13 - month_of_year);
}

void run_grant_call(World& world, std::size_t k) {
  auto& funders = world.funders;
  auto& f = world.firms;
  const auto& p = world.parameters();
  double allowance = monthly_allowance(funders, k, world.date.month);
  auto& ids = world.scratch.ids;
  auto& scores = world.scratch.scores;
  int applicants = 0;
  for (int i = 0; i < f.capacity; ++i) {
    const auto n = std::size_t(i);
    const int trl = f.project_trl[n];
    if (!f.alive[n] || trl < funders.min_trl[k] || trl > funders.max_trl[k]) continue;
    if (!funders.eligible_cluster[k * world.scenario.clusters.size() + std::size_t(f.cluster[n])]) continue;
    const double cost = p.stage_cost[std::size_t(trl - 1)];
    const double own = f.rd_budget[n] * p.rd_innovation_share;
    if (cost <= 0 || own < funders.cofinancing[k] * cost || f.grant_received[n] > 0) continue;
    // Score: knowledge in the project's main domain relative to the need.
    const int main_domain = f.project_domains[n * kMaxRequiredDomains];
    ids[std::size_t(applicants)] = i;
    scores[std::size_t(i)] = f.knowledge(i, main_domain) / p.project_knowledge_need;
    ++applicants;
  }
  // Best score first; ties go to the lower firm id, so the order is fixed.
  std::sort(ids.begin(), ids.begin() + applicants, [&](int a, int b) {
    const double sa = scores[std::size_t(a)], sb = scores[std::size_t(b)];
    return sa != sb ? sa > sb : a < b;
  });
  for (int a = 0; a < applicants; ++a) {
    const auto n = std::size_t(ids[std::size_t(a)]);
    const double cost = p.stage_cost[std::size_t(f.project_trl[n] - 1)];
    const double grant = funders.max_share[k] * cost;
    if (grant > allowance) break;
    allowance -= grant;
    f.grant_received[n] = grant;
    funders.spent_this_year[k] += grant;
    funders.disbursed_total[k] += grant;
    funders.disbursed_month[k] += grant;
    world.month.grants += grant;
  }
}

}  // namespace

void run_public_instruments(World& world) {
  auto& funders = world.funders;
  std::fill(world.firms.grant_received.begin(), world.firms.grant_received.end(), 0.0);
  for (std::size_t k = 0; k < std::size_t(funders.count); ++k) {
    if (world.date.month == 1) funders.spent_this_year[k] = 0;
    funders.disbursed_month[k] = 0;
    if (funders.kind[k] == FunderKind::grants) run_grant_call(world, k);
  }
  world.running.grants += world.month.grants;
}

void allocate_defence_orders(World& world) {
  std::fill(world.firms.defence_revenue.begin(), world.firms.defence_revenue.end(), 0.0);
}

MetricGroup instrument_metrics() {
  return {{}, [](const World&, double*) {}};
}

}  // namespace clustersim

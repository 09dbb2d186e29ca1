#include "models/metrics.hpp"

#include <cmath>
#include <memory>

#include "analysis/network.hpp"

namespace clustersim {
namespace {

// Everything the metrics need, gathered in one pass over firms in slot order.
struct Totals {
  const World* world = nullptr;
  long alive = 0;
  double employment = 0, revenue = 0, value_added = 0, rd = 0, cash = 0;
  std::array<long, 9> trl{};
  long with_project = 0;
  double knowledge_sum = 0, knowledge_squares = 0, competence_sum = 0, gap_sum = 0,
         absorptive_sum = 0, trust_sum = 0;
  long trust_count = 0, contracts = 0, substitute_domains = 0;
  NetworkSummary network;
};

Totals gather(const World& world, NetworkAnalyzer& analyzer) {
  Totals t;
  t.world = &world;
  const auto& f = world.firms;
  const auto& p = world.parameters();
  for (int i = 0; i < f.capacity; ++i) {
    const auto n = std::size_t(i);
    if (!f.alive[n]) continue;
    ++t.alive;
    t.employment += f.employees[n];
    t.revenue += f.revenue[n];
    t.value_added += f.revenue[n] - f.input_costs[n];
    t.rd += f.rd_spent[n];
    t.cash += f.cash[n];
    const double k = f.knowledge.row(i).mean();
    t.knowledge_sum += k;
    t.knowledge_squares += k * k;
    t.competence_sum += f.competence.row(i).mean();
    t.absorptive_sum += f.absorptive[n];
    if (f.project_trl[n] > 0) {
      ++t.trl[std::size_t(f.project_trl[n] - 1)];
      ++t.with_project;
      double gap = 0;
      int required = 0;
      for (int r = 0; r < kMaxRequiredDomains; ++r) {
        const int d = f.project_domains[n * kMaxRequiredDomains + std::size_t(r)];
        if (d < 0) continue;
        gap += std::max(0.0, p.project_competence_need - f.competence(i, d));
        ++required;
      }
      if (required > 0) t.gap_sum += gap / required;
    }
    const auto* partners = f.partners_of(i);
    for (int s = 0; s < f.partner_slots; ++s) {
      if (partners[s] == kNoAgent) continue;
      t.trust_sum += f.trust_of(i)[s];
      ++t.trust_count;
    }
    t.contracts += f.university[n] != kNoAgent;
    t.substitute_domains += std::popcount(f.substitutes[n]);
  }
  t.network = analyzer.analyze(f.capacity, f.partner_slots, f.partner.data(), f.alive.data());
  return t;
}

double mean_price(const World& world) {
  const auto& prices = world.environment.sector_price;
  double sum = 0;
  for (double price : prices) sum += price;
  return prices.empty() ? 1.0 : sum / double(prices.size());
}

double ratio(double a, double b) {
  return b > 0 ? a / b : 0.0;
}

struct MetricDef {
  MetricInfo info;
  double (*value)(const Totals&);
};

#define METRIC(name, units, description, expr)                                   \
  MetricDef {                                                                    \
    {name, units, description}, [](const Totals& t) -> double { return (expr); } \
  }

const std::vector<MetricDef>& definitions() {
  static const std::vector<MetricDef> defs = {
      METRIC("firms_alive", "firms", "Firms alive at the end of the month.", double(t.alive)),
      METRIC("entries", "firms/month",
             "Firms created this month (entry, spin-offs, start-ups, events).",
             t.world->month.entries),
      METRIC("exits", "firms/month", "Firms that exited this month after lasting distress.",
             t.world->month.exits),
      METRIC("entries_refused", "firms/month",
             "Entries refused because every firm slot (max_firms) was taken.",
             t.world->month.entries_refused),
      METRIC("spinoffs", "firms/month", "University spin-offs this month.",
             t.world->month.spinoffs),
      METRIC("startups", "firms/month", "Start-ups founded by very successful firms this month.",
             t.world->month.startups),
      METRIC("employment", "persons", "Employees of all firms alive.", t.employment),
      METRIC("revenue", "mln RUB/month", "Sales of all firms this month.", t.revenue),
      METRIC("value_added", "mln RUB/month", "Sales less purchased inputs.", t.value_added),
      METRIC("cash", "mln RUB", "Cash held by all firms alive.", t.cash),
      METRIC("rd_spending", "mln RUB/month",
             "R&D spending of firms, own budget and grants (knowledge building plus projects).",
             t.rd),
      METRIC("grants_disbursed", "mln RUB/month", "Grants paid to innovation projects this month.",
             t.world->month.grants),
      METRIC("grants_cumulative", "mln RUB", "Grants paid since the start.",
             t.world->running.grants),
      METRIC("projects_trl_1", "projects", "Projects at TRL 1.", double(t.trl[0])),
      METRIC("projects_trl_2", "projects", "Projects at TRL 2.", double(t.trl[1])),
      METRIC("projects_trl_3", "projects", "Projects at TRL 3.", double(t.trl[2])),
      METRIC("projects_trl_4", "projects", "Projects at TRL 4 (valley of death begins).",
             double(t.trl[3])),
      METRIC("projects_trl_5", "projects", "Projects at TRL 5.", double(t.trl[4])),
      METRIC("projects_trl_6", "projects", "Projects at TRL 6.", double(t.trl[5])),
      METRIC("projects_trl_7", "projects", "Projects at TRL 7 (valley of death ends).",
             double(t.trl[6])),
      METRIC("projects_trl_8", "projects", "Projects at TRL 8.", double(t.trl[7])),
      METRIC("projects_trl_9", "projects", "Projects at TRL 9.", double(t.trl[8])),
      METRIC("projects_started", "projects/month", "Projects started this month.",
             t.world->month.projects_started),
      METRIC("projects_failed", "projects/month", "Projects whose stage trial failed this month.",
             t.world->month.projects_failed),
      METRIC("projects_abandoned", "projects/month",
             "Projects abandoned this month after stalling (no money or competence).",
             t.world->month.projects_abandoned),
      METRIC("innovations_total", "innovations",
             "Innovations completed since the start, all types.",
             double(t.world->running.innovations[0] + t.world->running.innovations[1] +
                    t.world->running.innovations[2])),
      METRIC("innovations_product", "innovations", "New products completed since the start.",
             double(t.world->running.innovations[0])),
      METRIC("innovations_process", "innovations",
             "Process improvements completed since the start.",
             double(t.world->running.innovations[1])),
      METRIC("innovations_import_substitute", "innovations",
             "Import substitutes completed since the start.",
             double(t.world->running.innovations[2])),
      METRIC("substitute_domains", "firm-domains",
             "Pairs of firm and domain in which the firm holds an import substitute.",
             double(t.substitute_domains)),
      METRIC("knowledge_mean", "knowledge units", "Mean over firms of mean knowledge over domains.",
             ratio(t.knowledge_sum, double(t.alive))),
      METRIC("knowledge_sd", "knowledge units",
             "Standard deviation over firms of mean knowledge over domains.",
             t.alive > 0
                 ? std::sqrt(std::max(0.0, t.knowledge_squares / double(t.alive) -
                                               std::pow(t.knowledge_sum / double(t.alive), 2)))
                 : 0.0),
      METRIC("competence_mean", "1", "Mean over firms of mean workforce competence over domains.",
             ratio(t.competence_sum, double(t.alive))),
      METRIC("competence_gap", "1",
             "Mean over firms with a project of the average shortfall of competence below the "
             "project's need in its required domains.",
             ratio(t.gap_sum, double(t.with_project))),
      METRIC("absorptive_capacity_mean", "1", "Mean absorptive capacity of firms.",
             ratio(t.absorptive_sum, double(t.alive))),
      METRIC("links", "links", "Partner links between firms.", double(t.network.links)),
      METRIC("links_formed", "links/month", "Links formed this month.",
             t.world->month.links_formed),
      METRIC("links_dissolved", "links/month", "Links dissolved this month for lack of trust.",
             t.world->month.links_dissolved),
      METRIC("network_density", "1", "Links over possible links among firms alive.",
             t.network.density),
      METRIC("clustering_coefficient", "1",
             "Mean local clustering coefficient of firms (degree < 2 counts as 0).",
             t.network.clustering),
      METRIC("largest_component_share", "1", "Share of firms in the largest connected component.",
             t.network.largest_component_share),
      METRIC("mean_degree", "links", "Mean number of partners per firm.", t.network.mean_degree),
      METRIC("mean_trust", "1", "Mean trust over link ends.",
             ratio(t.trust_sum, double(t.trust_count))),
      METRIC("university_contracts", "contracts", "Contract-research projects running.",
             double(t.contracts)),
      METRIC("trainings_delivered", "person-months/month",
             "Training delivered by competence and advanced-training centers this month.",
             t.world->month.trainings),
      METRIC("introductions", "introductions/month",
             "Introductions brokered by competence centers this month.",
             t.world->month.introductions),
      METRIC("price_index", "1", "Mean over sectors of the price level (1 at the start).",
             mean_price(*t.world)),
  };
  return defs;
}

#undef METRIC

}  // namespace

MetricGroup knowledge_metrics() {
  MetricGroup group;
  for (const auto& def : definitions()) group.infos.push_back(def.info);
  auto analyzer = std::make_shared<NetworkAnalyzer>();
  group.record = [analyzer](const World& world, double* row) {
    const Totals totals = gather(world, *analyzer);
    const auto& defs = definitions();
    for (std::size_t m = 0; m < defs.size(); ++m) row[m] = defs[m].value(totals);
  };
  return group;
}

namespace {
std::vector<MetricGroup> all_groups(const Scenario& scenario) {
  std::vector<MetricGroup> groups;
  groups.push_back(knowledge_metrics());
  groups.push_back(accounts_metrics());
  groups.push_back(instrument_metrics());
  groups.push_back(supply_metrics(scenario));
  return groups;
}
}  // namespace

std::vector<MetricInfo> cluster_metric_infos(const Scenario& scenario) {
  std::vector<MetricInfo> infos;
  for (const auto& group : all_groups(scenario))
    infos.insert(infos.end(), group.infos.begin(), group.infos.end());
  return infos;
}

std::function<void(const World&, double*)> make_cluster_recorder(const Scenario& scenario) {
  auto groups = std::make_shared<std::vector<MetricGroup>>(all_groups(scenario));
  return [groups](const World& world, double* row) {
    for (const auto& group : *groups) {
      group.record(world, row);
      row += group.infos.size();
    }
  };
}

}  // namespace clustersim

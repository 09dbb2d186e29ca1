#include "models/metrics.hpp"

#include <cmath>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "analysis/network.hpp"
#include "models/finance/money.hpp"
#include "models/knowledge/knowledge_rules.hpp"
#include "sim/interrupt.hpp"

namespace clustersim {
namespace {

// Everything the metrics need, gathered in one pass over firms in slot order.
struct Totals {
  long alive = 0;
  double employment = 0, revenue = 0, value_added = 0, rd = 0, cash = 0;
  std::array<long, 9> trl{};
  long with_project = 0;
  double knowledge_sum = 0, knowledge_squares = 0, competence_sum = 0, gap_sum = 0,
         absorptive_sum = 0, trust_sum = 0;
  long trust_count = 0, contracts = 0, substitute_domains = 0;
  long cross_cluster_ends = 0;      // link ends whose partner is in another cluster
  double partner_distance_sum = 0;  // cognitive distance over link ends
  NetworkSummary network;
  NetworkAnalyzer analyzer;   // work arrays, kept from month to month
  std::vector<double> norms;  // knowledge norm per firm slot, kept likewise
};

// Norms of the alive firms' knowledge rows, each once for all the link ends it is on.
void knowledge_norms(const FirmState& f, std::vector<double>& norms) {
  if (norms.size() != std::size_t(f.capacity)) norms.assign(std::size_t(f.capacity), 0.0);
  for (int i = 0; i < f.capacity; ++i)
    if (f.alive[std::size_t(i)]) norms[std::size_t(i)] = f.knowledge.row(i).norm();
}

void gather(const World& world, Totals& t) {
  NetworkAnalyzer analyzer = std::move(t.analyzer);  // moving keeps its arrays
  std::vector<double> norms = std::move(t.norms);
  t = Totals{};
  t.analyzer = std::move(analyzer);
  t.norms = std::move(norms);
  const auto& f = world.firms;
  const auto& p = world.parameters();
  knowledge_norms(f, t.norms);
  for (int i = 0; i < f.capacity; ++i) {
    stop_point(i);
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
    for (int s = 0; s < f.slot_end(i); ++s) {
      if (partners[s] == kNoAgent) continue;
      t.trust_sum += f.trust_of(i)[s];
      ++t.trust_count;
      const int j = partners[s];
      t.cross_cluster_ends += f.cluster[std::size_t(j)] != f.cluster[n];
      t.partner_distance_sum += rules::cognitive_distance(f.knowledge.row(i), f.knowledge.row(j),
                                                          t.norms[n], t.norms[std::size_t(j)]);
    }
    t.contracts += f.university[n] != kNoAgent;
    t.substitute_domains += std::popcount(f.substitutes[n]);
  }
  t.network = t.analyzer.analyze(f.capacity, f.partner_slots, f.links.ids.data(), f.alive.data(),
                                 f.partner_end.data(), f.link_block.data());
}

double ratio(double a, double b) {
  return b > 0 ? a / b : 0.0;
}

using Builder = MetricGroupBuilder<World, Totals>;

// Per-stage flows of the pipeline, TRL 1..9, for transition rates and durations.
void add_stage_metrics(Builder& b) {
  using Counts = std::array<int, 9> MonthTotals::*;
  const std::array<std::tuple<const char*, const char*, Counts>, 4> kinds{{
      {"started", "entering", &MonthTotals::stage_entered},
      {"passed", "passing", &MonthTotals::stage_passed},
      {"failed", "failing the trial of", &MonthTotals::stage_failed},
      {"abandoned", "abandoned (stalled) at", &MonthTotals::stage_abandoned},
  }};
  for (const auto& [what, verb, counts] : kinds) {
    for (std::size_t s = 0; s < 9; ++s) {
      const auto trl = std::to_string(s + 1);
      b.add(std::string("trl_") + what + "_s" + trl, "projects/month", MetricKind::flow,
            MetricRange::nonnegative(),
            std::string("Projects ") + verb + " TRL " + trl + " this month.",
            // counts = counts: clang 14 (the fuzzing build) cannot capture a binding.
            [counts = counts, s](const World& w, const Totals&) {
              return double((w.month.*counts)[s]);
            });
    }
  }
}

// Firms, money and grants.
void add_economy_metrics(Builder& b) {
  b.add("firms_alive", "firms", MetricKind::stock, MetricRange::nonnegative(),
        "Firms alive at the end of the month.",
        [](const World&, const Totals& t) { return double(double(t.alive)); });
  b.add("entries", "firms/month", MetricKind::flow, MetricRange::nonnegative(),
        "Firms created this month (entry, spin-offs, start-ups, events).",
        [](const World& w, const Totals&) { return double(w.month.entries); });
  b.add("exits", "firms/month", MetricKind::flow, MetricRange::nonnegative(),
        "Firms that exited this month after lasting distress.",
        [](const World& w, const Totals&) { return double(w.month.exits); });
  b.add("entries_refused", "firms/month", MetricKind::flow, MetricRange::nonnegative(),
        "Entries refused because every firm slot (max_firms) was taken.",
        [](const World& w, const Totals&) { return double(w.month.entries_refused); });
  b.add("spinoffs", "firms/month", MetricKind::flow, MetricRange::nonnegative(),
        "University spin-offs this month.",
        [](const World& w, const Totals&) { return double(w.month.spinoffs); });
  b.add("startups", "firms/month", MetricKind::flow, MetricRange::nonnegative(),
        "Start-ups founded by very successful firms this month.",
        [](const World& w, const Totals&) { return double(w.month.startups); });
  b.add("employment", "persons", MetricKind::stock, MetricRange::nonnegative(),
        "Employees of all firms alive.",
        [](const World&, const Totals& t) { return double(t.employment); });
  b.add("revenue", "mln RUB/month", MetricKind::flow, MetricRange::nonnegative(),
        "Sales of all firms this month.",
        [](const World&, const Totals& t) { return double(t.revenue); });
  b.add("value_added", "mln RUB/month", MetricKind::flow, MetricRange::any(),
        "Sales less purchased inputs.",
        [](const World&, const Totals& t) { return double(t.value_added); });
  b.add("cash", "mln RUB", MetricKind::stock, MetricRange::any(),
        "Cash held by all firms alive; below 0 when distressed firms' overdrafts (down to "
        "demography.exit_cash_floor months of their wage bill) outweigh the others' cash.",
        [](const World&, const Totals& t) { return double(t.cash); });
  b.add("rd_spending", "mln RUB/month", MetricKind::flow, MetricRange::nonnegative(),
        "R&D spending of firms, own budget and grants (knowledge building plus projects).",
        [](const World&, const Totals& t) { return double(t.rd); });
  b.add("grants_disbursed", "mln RUB/month", MetricKind::flow, MetricRange::nonnegative(),
        "Grants paid to innovation projects this month.",
        [](const World& w, const Totals&) { return double(w.month.grants); });
  b.add("grants_cumulative", "mln RUB", MetricKind::cumulative, MetricRange::nonnegative(),
        "Grants paid since the start.",
        [](const World& w, const Totals&) { return double(w.running.grants); });
}

// The TRL pipeline and its outcomes.
void add_pipeline_metrics(Builder& b) {
  b.add("projects_trl_1", "projects", MetricKind::stock, MetricRange::nonnegative(),
        "Projects at TRL 1.",
        [](const World&, const Totals& t) { return double(double(t.trl[0])); });
  b.add("projects_trl_2", "projects", MetricKind::stock, MetricRange::nonnegative(),
        "Projects at TRL 2.",
        [](const World&, const Totals& t) { return double(double(t.trl[1])); });
  b.add("projects_trl_3", "projects", MetricKind::stock, MetricRange::nonnegative(),
        "Projects at TRL 3.",
        [](const World&, const Totals& t) { return double(double(t.trl[2])); });
  b.add("projects_trl_4", "projects", MetricKind::stock, MetricRange::nonnegative(),
        "Projects at TRL 4 (valley of death begins).",
        [](const World&, const Totals& t) { return double(double(t.trl[3])); });
  b.add("projects_trl_5", "projects", MetricKind::stock, MetricRange::nonnegative(),
        "Projects at TRL 5.",
        [](const World&, const Totals& t) { return double(double(t.trl[4])); });
  b.add("projects_trl_6", "projects", MetricKind::stock, MetricRange::nonnegative(),
        "Projects at TRL 6.",
        [](const World&, const Totals& t) { return double(double(t.trl[5])); });
  b.add("projects_trl_7", "projects", MetricKind::stock, MetricRange::nonnegative(),
        "Projects at TRL 7 (valley of death ends).",
        [](const World&, const Totals& t) { return double(double(t.trl[6])); });
  b.add("projects_trl_8", "projects", MetricKind::stock, MetricRange::nonnegative(),
        "Projects at TRL 8.",
        [](const World&, const Totals& t) { return double(double(t.trl[7])); });
  b.add("projects_trl_9", "projects", MetricKind::stock, MetricRange::nonnegative(),
        "Projects at TRL 9.",
        [](const World&, const Totals& t) { return double(double(t.trl[8])); });
  b.add("projects_started", "projects/month", MetricKind::flow, MetricRange::nonnegative(),
        "Projects started this month.",
        [](const World& w, const Totals&) { return double(w.month.projects_started); });
  b.add("substitute_projects_started", "projects/month", MetricKind::flow,
        MetricRange::nonnegative(),
        "Import-substitute projects among projects_started (their weight rises with what is "
        "missing and dear: parameters.innovation.substitution_response).",
        [](const World& w, const Totals&) { return double(w.month.substitute_projects_started); });
  b.add("projects_failed", "projects/month", MetricKind::flow, MetricRange::nonnegative(),
        "Projects whose stage trial failed this month.",
        [](const World& w, const Totals&) { return double(w.month.projects_failed); });
  b.add("projects_abandoned", "projects/month", MetricKind::flow, MetricRange::nonnegative(),
        "Projects abandoned this month after stalling (no money or competence).",
        [](const World& w, const Totals&) { return double(w.month.projects_abandoned); });
  b.add("projects_unfunded", "projects", MetricKind::stock, MetricRange::nonnegative(),
        "Projects whose stage waited this month because the firm could not pay its monthly "
        "cost (at least innovation.min_funding_share of it) from its innovation budget, "
        "grants, loans, retained earnings or bank credit: the valley of death.",
        [](const World& w, const Totals&) { return double(w.month.projects_unfunded); });
  b.add("projects_abandoned_unfunded", "projects/month", MetricKind::flow,
        MetricRange::nonnegative(),
        "Projects abandoned this month while waiting for money (part of projects_abandoned).",
        [](const World& w, const Totals&) { return double(w.month.projects_abandoned_unfunded); });
  b.add("project_months_unfunded", "project-months", MetricKind::cumulative,
        MetricRange::nonnegative(),
        "Months of projects waiting for money since the start (sum of projects_unfunded).",
        [](const World& w, const Totals&) { return double(w.running.project_months_unfunded); });
  b.add("innovations_total", "innovations", MetricKind::cumulative, MetricRange::nonnegative(),
        "Innovations completed since the start, all types.", [](const World& w, const Totals&) {
          return double(double(w.running.innovations[0] + w.running.innovations[1] +
                               w.running.innovations[2]));
        });
  b.add("innovations_product", "innovations", MetricKind::cumulative, MetricRange::nonnegative(),
        "New products completed since the start.",
        [](const World& w, const Totals&) { return double(double(w.running.innovations[0])); });
  b.add("innovations_process", "innovations", MetricKind::cumulative, MetricRange::nonnegative(),
        "Process improvements completed since the start.",
        [](const World& w, const Totals&) { return double(double(w.running.innovations[1])); });
  b.add("innovations_import_substitute", "innovations", MetricKind::cumulative,
        MetricRange::nonnegative(), "Import substitutes completed since the start.",
        [](const World& w, const Totals&) { return double(double(w.running.innovations[2])); });
  b.add("substitute_domains", "firm-domains", MetricKind::stock, MetricRange::nonnegative(),
        "Pairs of firm and domain in which the firm holds an import substitute.",
        [](const World&, const Totals& t) { return double(double(t.substitute_domains)); });
  add_stage_metrics(b);
}

// Knowledge, competence and absorptive capacity.
void add_knowledge_side_metrics(Builder& b) {
  b.add("knowledge_mean", "knowledge units", MetricKind::stock, MetricRange::nonnegative(),
        "Mean over firms of mean knowledge over domains.", [](const World&, const Totals& t) {
          return double(ratio(t.knowledge_sum, double(t.alive)));
        });
  b.add("knowledge_sd", "knowledge units", MetricKind::stock, MetricRange::nonnegative(),
        "Standard deviation over firms of mean knowledge over domains.",
        [](const World&, const Totals& t) {
          return double(t.alive > 0 ? std::sqrt(std::max(
                                          0.0, t.knowledge_squares / double(t.alive) -
                                                   std::pow(t.knowledge_sum / double(t.alive), 2)))
                                    : 0.0);
        });
  b.add("competence_mean", "1", MetricKind::stock, MetricRange::share(),
        "Mean over firms of mean workforce competence over domains.",
        [](const World&, const Totals& t) {
          return double(ratio(t.competence_sum, double(t.alive)));
        });
  b.add("competence_gap", "1", MetricKind::stock, MetricRange::share(),
        "Mean over firms with a project of the average shortfall of competence below the "
        "project's need in its required domains.",
        [](const World&, const Totals& t) {
          return double(ratio(t.gap_sum, double(t.with_project)));
        });
  b.add("absorptive_capacity_mean", "1", MetricKind::stock, MetricRange::share(),
        "Mean absorptive capacity of firms.", [](const World&, const Totals& t) {
          return double(ratio(t.absorptive_sum, double(t.alive)));
        });
}

// Partner links and the shape of the network.
void add_network_metrics(Builder& b) {
  b.add("links", "links", MetricKind::stock, MetricRange::nonnegative(),
        "Partner links between firms.",
        [](const World&, const Totals& t) { return double(double(t.network.links)); });
  b.add("links_formed", "links/month", MetricKind::flow, MetricRange::nonnegative(),
        "Links formed this month.",
        [](const World& w, const Totals&) { return double(w.month.links_formed); });
  b.add("links_dissolved", "links/month", MetricKind::flow, MetricRange::nonnegative(),
        "Links dissolved this month for lack of trust.",
        [](const World& w, const Totals&) { return double(w.month.links_dissolved); });
  b.add("network_density", "1", MetricKind::stock, MetricRange::share(),
        "Links over possible links among firms alive.",
        [](const World&, const Totals& t) { return double(t.network.density); });
  b.add("clustering_coefficient", "1", MetricKind::stock, MetricRange::share(),
        "Mean local clustering coefficient of firms (degree < 2 counts as 0).",
        [](const World&, const Totals& t) { return double(t.network.clustering); });
  b.add("largest_component_share", "1", MetricKind::stock, MetricRange::share(),
        "Share of firms in the largest connected component.",
        [](const World&, const Totals& t) { return double(t.network.largest_component_share); });
  b.add("mean_degree", "links", MetricKind::stock, MetricRange::nonnegative(),
        "Mean number of partners per firm.",
        [](const World&, const Totals& t) { return double(t.network.mean_degree); });
  b.add("mean_trust", "1", MetricKind::stock, MetricRange::share(), "Mean trust over link ends.",
        [](const World&, const Totals& t) {
          return double(ratio(t.trust_sum, double(t.trust_count)));
        });
  b.add("degree_max", "links", MetricKind::stock, MetricRange::nonnegative(),
        "Largest number of partners of any firm.",
        [](const World&, const Totals& t) { return double(t.network.degree_max); });
  b.add("degree_cv", "1", MetricKind::stock, MetricRange::nonnegative(),
        "Coefficient of variation of the number of partners over firms alive.",
        [](const World&, const Totals& t) { return t.network.degree_cv; });
  b.add("cross_cluster_link_share", "1", MetricKind::stock, MetricRange::share(),
        "Share of links whose ends are in different clusters.", [](const World&, const Totals& t) {
          return ratio(double(t.cross_cluster_ends), double(t.trust_count));
        });
  b.add("path_length", "links", MetricKind::stock, MetricRange::nonnegative(),
        "Mean shortest path between firms of the largest connected component (breadth-first "
        "search from up to 16 evenly spread firms).",
        [](const World&, const Totals& t) { return t.network.path_length; });
  b.add("partner_distance_mean", "1", MetricKind::stock, MetricRange::share(),
        "Mean cognitive distance (1 - cosine of knowledge) between linked firms; partner "
        "transfer works between 0 and twice transfer.optimal_distance (Nooteboom's inverted U).",
        [](const World&, const Totals& t) {
          return ratio(t.partner_distance_sum, double(t.trust_count));
        });
}

// Joint projects, adoptions, contract research, centers and prices.
void add_collaboration_metrics(Builder& b) {
  b.add("consortia_active", "projects", MetricKind::stock, MetricRange::nonnegative(),
        "Projects running this month with at least one consortium member adding to them.",
        [](const World& w, const Totals&) { return double(w.month.consortia_active); });
  b.add("joint_innovations", "innovations", MetricKind::cumulative, MetricRange::nonnegative(),
        "Innovations from joint projects (consortia) since the start.",
        [](const World& w, const Totals&) { return double(w.running.joint_innovations); });
  b.add("adoptions", "adoptions/month", MetricKind::flow, MetricRange::nonnegative(),
        "Process technologies adopted this month by firms that did not develop them (through "
        "partner links or imitation within the sector).",
        [](const World& w, const Totals&) { return double(w.month.adoptions); });
  b.add("adoptions_cumulative", "adoptions", MetricKind::cumulative, MetricRange::nonnegative(),
        "Adoptions of process technologies since the start (the diffusion curve).",
        [](const World& w, const Totals&) { return double(w.running.adoptions); });
  b.add("university_contracts", "contracts", MetricKind::stock, MetricRange::nonnegative(),
        "Contract-research projects running.",
        [](const World&, const Totals& t) { return double(double(t.contracts)); });
  b.add("trainings_delivered", "person-months/month", MetricKind::flow, MetricRange::nonnegative(),
        "Training delivered by competence and advanced-training centers this month.",
        [](const World& w, const Totals&) { return double(w.month.trainings); });
  b.add("training_unmet", "person-months/month", MetricKind::flow, MetricRange::nonnegative(),
        "Training members' projects asked of competence centers and did not get this month "
        "(requests beyond capacity, rationed in proportion to need): 0 when capacity does "
        "not bind.",
        [](const World& w, const Totals&) { return double(w.month.training_unmet); });
  b.add("introductions", "introductions/month", MetricKind::flow, MetricRange::nonnegative(),
        "Introductions brokered by competence centers and universities this month.",
        [](const World& w, const Totals&) { return double(w.month.introductions); });
  b.add("university_introductions", "introductions/month", MetricKind::flow,
        MetricRange::nonnegative(),
        "Introductions brokered by universities for their contract-research clients this "
        "month (part of introductions).",
        [](const World& w, const Totals&) { return double(w.month.university_introductions); });
  b.add("price_index", "1", MetricKind::stock, MetricRange::nonnegative(),
        "Mean over sectors of the price level (1 at the start).",
        [](const World& w, const Totals&) { return double(mean_sector_price(w)); });
  b.add("wage", "mln RUB/employee-month", MetricKind::stock, MetricRange::nonnegative(),
        "Monthly labour cost per employee (production.wage indexed to prices and productivity).",
        [](const World& w, const Totals&) { return current_wage(w); });
}

}  // namespace

MetricGroup<World> knowledge_metrics() {
  Builder b;
  add_economy_metrics(b);
  add_pipeline_metrics(b);
  add_knowledge_side_metrics(b);
  add_network_metrics(b);
  add_collaboration_metrics(b);
  return std::move(b).build(gather);
}

MetricGroup<World> cluster_metrics(const Scenario& scenario) {
  return concatenate<World>({knowledge_metrics(), accounts_metrics(), instrument_metrics(),
                             supply_metrics(scenario), diffusion_metrics(scenario),
                             market_metrics(scenario)});
}

}  // namespace clustersim

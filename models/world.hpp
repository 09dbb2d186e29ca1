#pragma once
// Everything one replication evolves: agent state, environment, the live policy
// (events change it), this month's counters and preallocated scratch space, beside the
// scenario as loaded, which no run changes.
#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "models/random.hpp"
#include "models/scenario/scenario.hpp"
#include "models/state.hpp"

namespace clustersim {

// Flows counted during one month; cleared when the month starts.
struct MonthTotals {
  int entries = 0, exits = 0, entries_refused = 0, spinoffs = 0, startups = 0;
  int projects_started = 0, projects_abandoned = 0, projects_failed = 0;
  int substitute_projects_started = 0;  // part of projects_started
  // Projects whose stage waited this month for money it could not raise (the valley of
  // death), and those of them abandoned this month.
  int projects_unfunded = 0, projects_abandoned_unfunded = 0;
  // Projects by stage (index TRL - 1): entering it, passing, failing or abandoning it.
  std::array<int, 9> stage_entered{}, stage_passed{}, stage_failed{}, stage_abandoned{};
  std::array<int, 3> innovations{};  // by ProjectType
  int introductions = 0, links_formed = 0, links_dissolved = 0;
  int university_introductions = 0;                 // part of introductions
  int consortia_active = 0, joint_innovations = 0;  // projects with a contributing partner
  int adoptions = 0;                                // process technologies adopted from other firms
  double trainings = 0;                             // person-months
  double training_unmet = 0;  // person-months competence centers were asked for and lacked
  double grants = 0;          // mln RUB disbursed
  // Money flows between firms and the outside this month (mln RUB), summed in firm
  // order. equity: cash new firms bring; exit_cash: cash of firms that exit.
  double equity = 0, exit_cash = 0, defaults = 0, loans_new = 0, public_money = 0;
  int loans_defaulted = 0;
  std::array<int, kFunderKinds> loans_granted{};   // soft loans granted, by FunderKind
  int exits_insolvency = 0, exits_low_profit = 0;  // exits by reason
  int insolvent_shielded = 0;  // insolvent firms a bankruptcy moratorium keeps this month
  // Ledger of firms' cash (models/finance/accounts.cpp): cash of alive firms when the month's
  // money flows start, and the flows of firms alive in production, tallied in firm order.
  double money_start = 0, sales = 0, inputs = 0, wages = 0, rd = 0, investment = 0, taxes = 0,
         interest = 0, principal = 0, grants_in = 0, dividends = 0;
  double receivables = 0;  // sales not yet collected less collections of earlier sales
  // Sales of import substitutes to the cluster's own firms: part of `sales` and of
  // `inputs` (money that moves between firms, neither created nor leaving).
  double substitute_sales = 0;
  double stage_credit = 0;  // bank credit for scale-up stages (part of loans_new)
};

struct RunningTotals {
  std::array<long, 3> innovations{};
  long joint_innovations = 0, adoptions = 0;
  long project_months_unfunded = 0, projects_abandoned_unfunded = 0;  // since the start
  double grants = 0;
  double public_money = 0;         // every instrument, mln RUB since the start
  double defence_procurement = 0;  // of which defence orders (procurement, not support)
  double revenue = 0;              // sales of all firms, mln RUB since the start
  double converted = 0;            // dual-use capacity converted to civilian lines, mln RUB/month
  double stage_credit = 0;         // bank credit for scale-up stages, mln RUB since the start
};

struct Environment {
  std::vector<double> foreign_frontier;  // per domain
  std::vector<double> sector_demand;     // real demand: mln RUB / month at price 1
  std::vector<double> sector_price;      // price level, 1 at the start
  std::vector<double> sector_supply;     // scratch: capacity x competitiveness per sector
  std::vector<double> sector_capacity;   // scratch: capacity per sector
  // scratch: real demand placed with the cluster's firms per sector, taken once a month
  // after imports take their share, for the firms' loops that read it
  std::vector<double> sector_domestic_demand;
  // Foreign suppliers per sector (docs/model.md 3.7, Imports): their weight in buyers'
  // choice per unit of real demand (set in the first month the sector's firms offer
  // anything; -1 until then), the share of them still
  // present, the share of real demand placed at home this month, and this month's real
  // imports and the domestic firms' real output (domestic sales, exports, defence orders).
  std::vector<double> foreign_weight_start, foreign_presence, domestic_share;
  std::vector<double> sector_imports, sector_output;
  // Sales-weighted mean input-cost factor of each sector's firms (parallel-import mark-ups,
  // the exchange rate) last month: prices pass on its change (markup pricing).
  std::vector<double> sector_cost_factor;
  std::vector<double> sector_sales, sector_cost_sum;  // scratch for the factor's sums
  // Firms of each cluster, rebuilt after demography: members[offsets[c] .. offsets[c+1]).
  std::vector<std::int32_t> member_offsets, members;
  std::vector<double> cluster_distance_km;  // clusters x clusters
  // Partner search: for each cluster, cumulative gravity weights of all clusters (clusters x
  // clusters), refreshed at the start of partnering (models/networks/partner_search.cpp).
  std::vector<double> gravity_cdf;
  // Partner attractiveness: Keller decay ^ partnering.weight_proximity per cluster pair.
  std::vector<double> partner_proximity;
  DomainMatrix graduate_profile;  // clusters x domains: competence of local hires
  double key_rate = 0.075;        // 1/year, current
  // Per sector, 1 while a [[bankruptcy_moratorium]] covers it: insolvency does not force
  // its firms out (set by the events phase, read by demography).
  std::vector<std::uint8_t> moratorium;
  // RUB per USD now and in the run's first month; their ratio moves import prices,
  // imported inputs and export revenue.
  double exchange_rate = 64.7, exchange_rate_start = 64.7;
  // Domestic demand's factor for buyers' real income, (exchange-rate index / mean sector
  // price)^-(absorption_import_share x income_elasticity): 1 while import and domestic
  // prices move together. Derived: set each month before markets clear.
  double income_factor = 1.0;
  // Wages follow the price level and productivity once a year (docs/model.md 3.7): the
  // wage per employee is parameters.wage x wage_index; price_indexed and
  // productivity_indexed are the levels at the last indexation.
  double wage_index = 1.0;
  double price_indexed = 1.0;
  double productivity_indexed = 1.0;
  // Sanctions in force, per domain (several packages combine).
  std::vector<double> import_cut, parallel_markup, licence_cut;
  std::vector<int> parallel_from_step;     // step from which parallel imports arrive
  std::vector<int> resourcing_from_step;   // step the first parallel imports arrived, or -1
  std::vector<int> first_substitute_step;  // step a domestic substitute first appeared, or -1
  std::vector<double> substitution_share;  // share of critical imports replaced at home
  // Import substitutes per domain this month (production phase; docs/model.md 3.9): what
  // their holders can supply (mln RUB/month at list prices) and what the cluster's firms
  // pay them for the share replaced at home (mln RUB/month).
  std::vector<double> substitute_supply, substitute_sales;
  // Rent a substitute would earn per domain, as a share of the cluster's critical-input
  // needs (production phase, read by next month's project choice; docs/model.md 3.9).
  std::vector<double> substitution_pull;
  double export_loss = 0;
  // Critical-input needs per domain this month at pre-shock prices (mln RUB): needed,
  // met from any source, met from sources sanctions cannot cut (docs/model.md 3.9).
  std::vector<double> needed_inputs, met_inputs, sovereign_inputs;
  // The needs per domain just before the first import cut, the fixed basket that weighs
  // the domains in the total indices from then on (empty weights: no cut yet).
  std::vector<double> basket_needs;
  bool basket_fixed = false;
  // Process technologies some alive firm uses at the step's start (one bit per domain):
  // what suppliers and the trade can offer every firm (external adoption, Bass's p).
  std::uint64_t technologies_in_use = 0;
};

// Preallocated work space for sequential passes (rankings, slot search).
struct Scratch {
  std::vector<std::int32_t> ids;
  std::vector<double> scores;
  // Per firm slot, the norm of its knowledge row, for cognitive distances: of
  // FirmState::knowledge during partnering, of World::knowledge_before during learning.
  std::vector<double> norms;
  // Per firm slot, its links when proposals start (partnering reads candidates' degrees
  // many times while no link changes).
  std::vector<std::uint8_t> degrees;
  // Per live firm slot, its relational capacity while firms partner (a pow of employees,
  // read by every threshold test of the phase).
  std::vector<double> relational_capacity;
  // Per firm slot, set once a month by production after its shocks are drawn and read
  // while it sells (each was a pow or exp taken up to three times per firm and month):
  // the cost-shock factor on unit costs, the passed-on part of it in the firm's price,
  // and the firm's appeal to buyers.
  std::vector<double> efficiency, own_cost_price, appeal;
  // Per cluster, the room exits left for replacement entry (demography).
  std::vector<int> entry_room;
};

// A firm that exited: kept for snapshots, which list exits since the previous one.
// Columns are results columns (/time/label): first_column is the first in which the
// firm is alive, exit_column the first in which it is not.
struct ExitRecord {
  std::int32_t id = 0, first_column = 0, exit_column = 0, group = 0, cluster = 0;
  double employees = 0;
};

struct World {
  // The scenario as loaded, shared by the replications of a run; nothing writes it.
  std::shared_ptr<const Scenario> input;
  LivePolicy live;  // its parameters and policy as events have set them so far
  std::uint32_t replication = 0;
  int step = 0;  // months simulated before the current one
  YearMonth date;

  FirmState firms;
  UniversityState universities;
  CenterState centers;
  FunderState funders;
  Environment environment;
  MonthTotals month;
  RunningTotals running;
  DomainMatrix knowledge_before;  // copy taken when the learning phase starts
  Scratch scratch;
  std::vector<int> pending_entries;  // per firm group: firms that events add this month
  std::int32_t next_firm_id = 0;     // persistent id of the next firm created
  std::vector<ExitRecord> exit_log;  // every exit so far (reserved at build)

  const Scenario& scenario() const { return *input; }
  const ModelParameters& parameters() const { return live.parameters; }
  int cluster_count() const { return static_cast<int>(input->clusters.size()); }
  StreamFactory streams() const {
    return {input->seed, replication, static_cast<std::uint32_t>(step)};
  }
  double distance_km(int cluster_a, int cluster_b) const {
    return environment.cluster_distance_km[std::size_t(cluster_a) * input->clusters.size() +
                                           std::size_t(cluster_b)];
  }
};

}  // namespace clustersim

#pragma once
// A scenario as loaded from TOML: calendar, population, model parameters, policy,
// events and output options. Every field has a default set here; the schema in
// scenario_schema.cpp documents each one (unit, range, meaning) and is the single
// source for validation, the resolved-TOML writer and docs/scenario-reference.md.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "sim/calendar.hpp"

namespace clustersim {

struct Sector {
  std::string name;
  double demand_ratio = 1.0;           // demand / initial capacity of the sector's firms
  double demand_growth = 0.03;         // 1 / year
  double revenue_per_employee = 0.25;  // mln RUB / employee-month at productivity 1
  double input_cost_share = 0.52;      // share of revenue
  double import_share = 0.0;           // share of the domestic market imports serve at the start
};

struct Cluster {
  std::string name;
  double latitude = 56.5;
  double longitude = 85.0;
  double entry_rate = 0.02;  // new firms per year per existing firm
};

struct FirmGroup {
  std::string name;
  std::string cluster;
  std::string sector;
  std::string size = "sme";
  int count = 10;
  double employees_min = 10;
  double employees_max = 250;
  bool dual_use = false;
  double rd_intensity = 0.04;
  double productivity = 1.0;
  double productivity_spread = 0.1;  // each firm's productivity: x U(1 - spread, 1 + spread)
  double knowledge_spread = 0.3;     // each firm's knowledge, competence: x U(1 - s, 1 + s)
  double cash_months = 3.0;
  std::vector<double> knowledge;   // per domain, knowledge units
  std::vector<double> competence;  // per domain, 0..1
  // Money side.
  std::vector<double> import_dependence;  // per domain: share of inputs that are critical imports
  double export_share = 0.0;              // share of capacity sold abroad
  double defence_share = 0.0;             // dual-use: share of capacity under defence orders
  bool technology_company = false;        // eligible for the lower industrial-mortgage rate
};

struct University {
  std::string name;
  std::string cluster;
  std::string kind = "university";
  int count = 1;
  double research_budget = 600.0;  // mln RUB / year
  double staff = 1500;
  double graduates_per_year = 1000;
  double tto_strength = 0.3;
  int contract_capacity = 10;
  std::vector<double> knowledge;
  std::vector<double> graduate_competence;
};

struct Center {
  std::string name;
  std::string cluster;
  std::string kind = "competence_center";
  bool active = true;
  std::vector<std::string> domains;
  double training_capacity = 200;  // person-months / month
  double brokerage_capacity = 4;   // introductions / month
  double funding = 60;             // mln RUB / year
};

struct Funder {
  std::string name;
  std::string kind = "grants";
  double annual_budget = 100;         // mln RUB / year
  std::vector<std::string> clusters;  // empty: every cluster
  int min_trl = 4;
  int max_trl = 7;
  double max_share = 0.5;            // share of a stage's cost the grant covers
  double cofinancing = 0.5;          // share the firm must bring from its own R&D budget
  std::vector<std::string> sectors;  // empty: every sector
  // Scoring weights of applications (grants, cluster subsidies, loans).
  double weight_knowledge = 1.0;
  double weight_competence = 0.0;
  double weight_trl = 0.0;
  double weight_partners = 0.0;
  // Competitive selection of cluster programmes (kind cluster_subsidy).
  YearMonth call{2012, 1};
  int select = 25;
  // cluster_subsidy: a year's services a selected cluster's organisation can use per
  // member firm (training, engineering centres); 0 funds joint projects only.
  double services_per_member = 0;  // mln RUB / year
  std::string cofinanced_by;       // a `regional` funder adding its share to this one's payments
  double regional_share = 0.5;     // kind regional: share of the partner's payment it adds
  // Loans (kinds idf_loan, industrial_mortgage, cluster_platform).
  double rate = 0.03;              // 1/year, fixed part
  double rate_technology = 0.03;   // 1/year, mortgage rate for technology companies
  double rate_key_multiple = 0.0;  // times the key rate, added to `rate`
  int term_months = 60;
  double min_loan = 5;    // mln RUB
  double max_loan = 500;  // mln RUB
};

// One step of the key-rate path: `rate` from month `from` on.
struct KeyRateStep {
  YearMonth from{2022, 1};
  double rate = 0.075;  // 1/year
};

// One step of the exchange-rate path: `rub_per_usd` from month `from` on.
struct ExchangeRateStep {
  YearMonth from{2022, 1};
  double rub_per_usd = 73.7;
};

// One step of a programme's budget path: funder `funder` has `annual_budget` from month
// `from` on (budget laws, programme decisions), like the key-rate path.
struct BudgetStep {
  std::string funder;
  YearMonth from{2022, 1};
  double annual_budget = 0;  // mln RUB / year
};

// A bankruptcy moratorium: from `from` until the month before `until`, creditors cannot
// petition firms of `sectors` (empty: every sector) into bankruptcy, so insolvency does
// not force them out (Government Decree No. 497 of 28 Mar 2022: 1 Apr - 1 Oct 2022).
struct Moratorium {
  YearMonth from{2022, 4};
  YearMonth until{2022, 10};  // first month without it
  std::vector<std::string> sectors;
};

// A key the scenario marks as explorable in the browser, with the slider's range.
struct ExploreKey {
  std::string key;  // a numeric scenario key, e.g. "parameters.transfer.rate"
  double min = 0, max = 1;
};

// Parameters of the rules in models/. Units are per month unless the name says year.
struct ModelParameters {
  // Own R&D (K+S: nu = 0.04 of sales, half of it on innovation; 15 %/year depreciation).
  double rd_innovation_share = 0.5;
  double rd_depreciation = 0.15;
  double rd_efficiency = 0.02;
  double rd_scale = 0.5;
  double rd_specialisation = 2.0;       // R&D shares by domain ~ knowledge^specialisation
  double rd_unused_depreciation = 0.4;  // domains outside the firm's project (forgetting)
  // Absorptive capacity (Cohen and Levinthal 1990).
  double absorptive_from_rd = 8.0;
  double absorptive_from_competence = 1.5;
  // Transfer between partners (Nooteboom 2007; Keller 2002).
  double transfer_rate = 0.05;
  double transfer_optimal_distance = 0.35;
  double transfer_half_distance_km = 1200;
  double transfer_university_rate = 0.03;
  double transfer_center_rate = 0.03;
  // Foreign knowledge inflow.
  double foreign_inflow_rate = 0.01;
  double foreign_frontier = 3.0;
  double foreign_frontier_growth = 0.02;
  // Workforce competence.
  double competence_turnover = 0.12;
  double competence_graduate_share = 0.5;
  double competence_training_effect = 1.0;
  double competence_general_effect = 0.3;
  double competence_training_cost = 0.16;  // mln RUB / person-month of training
  // Partnering (SKIN; Cowan, Jonard and Zimmermann 2007).
  int partner_max = 32;  // a cap (SKIN uses 5); room for hubs of 5-7x the mean degree
  int partner_random_candidates = 3;
  int partner_network_candidates = 3;  // partners of random firms (Jackson and Rogers 2007)
  double partner_weight_complementarity = 1.0;
  double partner_weight_trust = 1.0;
  double partner_weight_proximity = 1.0;  // exponent of the Keller decay on attractiveness
  double partner_threshold = 0.6;
  // Relational capacity: links tended without strain at capacity_reference_employees
  // (Tomasello et al. 2017: about 3 alliances per firm); 0 switches it off.
  double relational_capacity = 3.0;
  double capacity_reference_employees = 50.0;   // EU small/medium boundary
  double capacity_size_elasticity = 0.5;        // assumption: attention grows as sqrt(size)
  double partner_progressive_share = 0.5;       // SKIN: progressive vs conservative fit
  double partner_weight_success = 0.5;          // preferential attachment to innovators
  double partner_weight_centrality = 0.5;       // preferential attachment to central firms
  double partner_embeddedness = 1.0;            // shared partners slow the decay of a link's trust
  double partner_centrality_half_degree = 3.0;  // links at which centrality is half its top
  double partner_cross_cluster_share = 1.0;     // random candidates drawn by gravity
  double broker_cross_cluster_share = 0.25;     // center samples drawn from any cluster
  // Joint projects (consortia; SKIN, INFSO-SKIN).
  double consortium_min_trust = 0.25;           // partners trusted this much join the project
  double consortium_pool_share = 0.7;           // share of a partner's knowledge/competence pooled
  double consortium_knowledge_creation = 0.02;  // of pooled knowledge, per success, per domain
  double consortium_failure_trust = 0.5;        // trust kept on a consortium link after failure
  double trust_initial = 0.3;
  double trust_decay = 0.98;
  double trust_gain = 0.15;
  double trust_dissolve = 0.1;
  // Trust a link found through a third party starts with (were constants before issue 25).
  double introduced_trust = 0.5;  // a broker's introduction vouches for the partner
  double former_trust = 0.5;      // ex-partners are known quantities
  double referral_trust = 0.5;    // share of the intermediary's trust passed on
  double vouched_trust = 0.5;     // most trust a new link starts with from third parties
  int broker_samples = 8;         // members a broker considers per introduction
  // Innovation pipeline (TRL 1..9; BIO 2016 for the pharma calibration).
  double project_start_rate = 0.1;
  double project_knowledge_need = 0.5;
  double project_competence_need = 0.5;
  int project_required_domains = 2;
  int project_max_stall = 24;
  double stall_pace = 0.05;             // a month at a pace below this counts as no progress
  double stage_knowledge_floor = 0.75;  // stage success at no knowledge, share of the full
  double min_funding_share = 1.0;       // share of a month's stage cost a stage needs to move
  std::vector<double> stage_months{1, 1, 2, 2, 3, 4, 4, 3, 2};
  std::vector<double> stage_success{0.95, 0.9, 0.9, 0.85, 0.8, 0.75, 0.8, 0.9, 0.95};
  std::vector<double> stage_cost{0.01, 0.02, 0.03, 0.1, 0.2, 0.35, 0.5, 0.3, 0.15};
  double share_product = 0.5;
  double share_process = 0.3;
  double share_import_substitute = 0.2;
  double substitution_response = 1.0;  // extra weight of substitutes per unit of pull
  double product_demand_boost = 0.1;
  // A process innovation's productivity jump: Beta(shape, shape) on [low, high] (K+S).
  double process_jump_low = -0.15, process_jump_high = 0.15, process_jump_shape = 3.0;
  double recent_innovation_memory = 36.0;  // months a firm's success is remembered (decay)
  // Industrial scale-up stages cost more in larger firms (docs/model.md 3.6).
  int scaleup_from_trl = 7;
  double scaleup_size_elasticity = 1.0;
  double scaleup_reference_employees = 100.0;
  double innovation_frontier_reference = 0.15;  // knowledge / world frontier at base chance
  double innovation_knowledge_elasticity = 1.0;
  double innovation_quality_cap = 2.0;
  double innovation_pace_elasticity = 1.0;  // stage pace ~ relative knowledge (Porter, Stern 2000)
  double innovation_pace_cap = 2.0;
  // Diffusion: adoption of process technologies (Bass 1969; Rogers).
  double adoption_link_rate = 0.05;        // per month per partner holding it, x absorptive x trust
  double adoption_imitation_rate = 0.3;    // per month when the firm observed holds it
  double adoption_external_rate = 0.0025;  // per month and technology in use (Bass's p)
  double adoption_productivity_gain = 0.02;
  // Production and markets.
  double wage = 0.08;  // mln RUB / employee-month, at the start
  // Pass-through of the price level and of mean productivity into the wage (K+S).
  double wage_price_indexation = 1.0;
  double wage_productivity_indexation = 1.0;
  double employment_adjustment = 0.02;
  double downtime_pay = 2.0 / 3.0;  // wage share paid to workers idled by missing inputs
  double demand_shock = 0.08;       // monthly s.d. of a firm's log demand shock, any size
  double demand_shock_persistence = 0.9;
  // Idiosyncratic unit cost of inputs and labour (TFP): log AR(1), s.d. and persistence.
  double cost_shock = 0.2;
  double cost_shock_persistence = 0.85;
  double own_cost_pass_through = 0.6;  // share of its cost shock a firm passes into its price
  double price_adjustment = 0.02;      // per month, per unit of excess demand
  double price_excess_clip = 0.5;  // excess demand that moves prices, either sign (was a constant)
  double expansion_cap = 1.0;  // most a sold-out firm plans to grow its workforce (was a constant)
  double demand_elasticity = 1.0;
  double cost_pass_through = 1.0;  // share of a change in unit input cost passed into prices
  // Markets with foreign suppliers (Armington).
  double import_elasticity = 1.0;  // substitution between domestic goods and imports
  double exchange_rate = 64.7;     // RUB per USD before the first [[exchange_rate]] step
  // Buyers' real income falls as imports grow dear against domestic goods.
  double absorption_import_share = 0.23;  // imports' share of what buyers spend
  double income_elasticity = 1.0;         // of the cluster's domestic demand
  // Demography.
  int exit_negative_months = 6;
  double exit_cash_floor = -1.0;  // months of wage bill
  // Spin-outs per firm-year of a parent at entry_reference_margin with no recent
  // innovations; the rate grows with the parent's margin and innovations (Klepper 2007).
  double startup_rate = 0.01;
  double spinoff_rate = 2.0;             // per university-year at tto_strength 1
  double spinoff_knowledge_share = 0.5;  // of the university's frontier a spin-off carries
  double startup_knowledge_share = 0.5;  // of the parent's knowledge a start-up carries
  // Credit (K+S; Bank of Russia key rate).
  double key_rate = 0.075;           // 1/year, before the first [[key_rate]] step
  double bank_markup = 0.03;         // 1/year over the key rate
  double credit_class_step = 0.1;    // rate = key x (1 + step x (class - 1)) + markup
  double credit_class_ratio = 0.25;  // debt / annual sales ending class 1 (x2, x4: 2, 3)
  double credit_ceiling_multiple = 2.0;
  int credit_term_months = 36;  // repay a third of the debt a year
  // Working capital: customers pay after a lag; banks lend against receivables.
  double collection_lag_months = 1.5;    // mean months between sale and payment
  double receivables_advance = 0.8;      // share of receivables the revolving line lends
  double profit_tax = 0.2;               // share of positive monthly profit
  double investment_per_employee = 1.5;  // mln RUB of capital per employee (capital intensity)
  double capital_depreciation = 0.1;     // 1/year
  // Owners (dividends or withdrawals) and the cash buffer firms keep.
  double payout_share = 0.5;        // share of cash above the buffer paid out per month
  double cash_buffer_months = 2.0;  // months of cash costs kept before paying out
  double price_sensitivity = 2.0;   // elasticity of a firm's market share to its unit-cost factor
  double exit_min_margin = 0.0;     // smoothed net margin below which owners close the firm
  int profit_memory_months = 12;    // EMA span of the net margin; also the exit grace period
  double exit_review_probability = 0.25;  // chance owners close a loss-making firm at review
  // Entry responds to the cluster's profitability (free entry; Hopenhayn 1992).
  double entry_profit_sensitivity = 10.0;  // log entry multiplier per unit of margin gap
  double entry_reference_margin = 0.06;    // net margin at which entry is the base rate
  double entry_factor_min = 0.2;           // clip of the entry multiplier (was a constant)
  double entry_factor_max = 5.0;
  // Entrants a month per exit of the month at the reference margin (replacement entry).
  double entry_replacement = 1.0;
  // Entrants start with a demand deficit that closes slowly (Foster, Haltiwanger, Syverson 2016).
  double entrant_demand_gap = 0.3;    // share of appeal missing at entry
  double entrant_demand_years = 5.0;  // time constant of its closing, years
  // Sanctions and substitution.
  double parallel_import_share = 0.5;  // share of cut imports parallel imports restore
  double resourcing_rate = 0.4;        // per year: share of what is still missing found elsewhere
  std::vector<double>
      domestic_share;  // per domain: domestic share of critical-input needs before sanctions
  int substitute_ramp_months = 12;
  // Substitutes a holder supplies a month as a share of its productive capacity, split evenly
  // over the domains it holds.
  double substitute_output_share = 0.25;
  double licence_productivity_share = 0.1;
  // Dual use.
  double civilian_shift_per_product = 0.05;
  double conversion_rate = 0.05;   // per month: idle defence capacity converted (competence 1)
  double conversion_demand = 0.5;  // share of converted capacity finding new customers
  double defence_price_indexation = 1.0;  // share of the sector's price change state orders follow
  // Universities.
  double university_frontier_growth = 0.02;  // per year per bn RUB of research budget
  int university_contract_months = 12;
  double university_contract_rate = 0.05;  // per month, firms with a project and no contract
  double university_brokerage_rate = 0.1;  // per month, per contract client with a project
  double university_broker_cross_cluster_share = 0.5;  // samples drawn from any cluster
};

struct Policy {
  std::vector<double> foreign_knowledge_access;  // per domain, 0..1
};

// The part of a scenario that events change during a run (`set` of schedulable keys):
// a run keeps its own copy and reads the rest of the scenario as loaded.
struct LivePolicy {
  ModelParameters parameters;
  Policy policy;
};

// A parameter change scheduled for one month.
struct ScheduledSet {
  std::string key;  // full key, e.g. "parameters.transfer.rate"
  double value = 0;
};

struct Event {
  std::string name;  // optional: keys may address the event as events.NAME.*
  YearMonth date;
  std::string note;
  std::vector<ScheduledSet> set;
  std::vector<std::string> open_centers;
  std::vector<std::string> close_centers;
  std::string funder;
  double funder_budget = -1;  // mln RUB / year; < 0 means unchanged
  std::string add_firms_group;
  int add_firms = 0;
  // A sanctions package (per domain unless noted; empty maps mean no change).
  std::vector<double> import_cut;       // share of critical imports cut
  std::vector<double> parallel_markup;  // price mark-up of parallel imports
  int parallel_delay = 6;               // months before parallel imports arrive
  std::vector<double> knowledge_cut;    // cut in foreign knowledge inflow
  std::vector<double> licence_cut;      // cut in foreign licences
  double export_loss = 0.0;             // share of export markets lost (all sectors)
  double import_exit = 0.0;  // share of foreign suppliers of final goods that leave (all sectors)
  double severity = 1.0;  // multiplies every cut, the export loss and the import exit (capped at 1)
};

struct OutputOptions {
  std::vector<YearMonth> snapshots;
  int compression = 4;
};

// Most replications a scenario may ask for (schema range, and the -r option).
inline constexpr int kMaxReplications = 100000;
// Most firm slots a world may have (max_firms' range; the firm groups in total too).
inline constexpr long long kMaxFirms = 100'000'000;

struct Scenario {
  std::string name = "unnamed";
  std::string description;
  std::uint64_t seed = 1;
  int replications = 4;
  int max_firms = 0;  // capacity for firms; 0 = twice the initial population plus 64
  Calendar calendar;
  std::vector<std::string> domains;
  std::vector<Sector> sectors;
  std::vector<Cluster> clusters;
  std::vector<FirmGroup> firms;
  std::vector<University> universities;
  std::vector<Center> centers;
  std::vector<Funder> funders;
  std::vector<KeyRateStep> key_rate;
  std::vector<ExchangeRateStep> exchange_rate;
  std::vector<BudgetStep> programme_budget;
  std::vector<Moratorium> bankruptcy_moratorium;
  ModelParameters parameters;
  Policy policy;
  std::vector<Event> events;
  std::vector<ExploreKey> explore;  // levers for `clustersim serve`; empty: a default set
  OutputOptions output;

  int domain_count() const { return static_cast<int>(domains.size()); }
  long long total_firm_count() const;  // over every group, without overflow
  int initial_firm_count() const;      // clamped to INT_MAX (validation keeps it lower)
  int firm_capacity() const;           // clamped to INT_MAX (validation: at most kMaxFirms)
};

// Position of the entry named `name` in a list of scenario tables, or -1. Names are
// checked when the scenario loads, so the engine may index with the result.
template <class Items>
int index_by_name(const Items& items, const std::string& name) {
  for (std::size_t i = 0; i < items.size(); ++i)
    if (items[i].name == name) return static_cast<int>(i);
  return -1;
}

}  // namespace clustersim

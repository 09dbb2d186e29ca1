#include "models/scenario/scenario_schema.hpp"

#include "models/kinds.hpp"

#define AT CLUSTERSIM_AT

namespace clustersim {
namespace {

using S = Scenario;

// "Instrument: grants (what it does), ..." from the funder-kind table.
std::string funder_kind_meaning() {
  std::string text = "Instrument: ";
  for (const auto& info : kFunderKindInfo) {
    if (info.kind != kFunderKindInfo[0].kind) text += ", ";
    text.append(info.name).append(" (").append(info.meaning).append(")");
  }
  return text + ".";
}

// The model parameters, on any root with a `parameters` member: the scenario, and a run's
// live policy (events write through the same keys).
template <class R>
std::vector<FieldSpec<R>> parameter_fields() {
  auto p = [](std::string key, auto get, std::string unit, std::string meaning) {
    return field<R>("parameters." + std::move(key), get, std::move(unit), std::move(meaning))
        .schedulable_by_events();
  };
  return {
      // Own R&D.
      p("rd.innovation_share", AT(R, parameters.rd_innovation_share), "1",
        "Share of the R&D budget spent on innovation projects; the rest builds knowledge "
        "(K+S model: half).")
          .range(0, 1),
      p("rd.depreciation", AT(R, parameters.rd_depreciation), "1/year",
        "Depreciation of knowledge capital (R&D capital depreciation, commonly 15% a year).")
          .range(0, 1),
      p("rd.efficiency", AT(R, parameters.rd_efficiency), "knowledge units/month",
        "Knowledge gained per month from own R&D at rd.scale of spending (log returns).")
          .range(0, 10),
      p("rd.scale", AT(R, parameters.rd_scale), "mln RUB/month",
        "R&D spending at which returns have fallen to about 70% of linear (log returns).")
          .range(1e-6, 1e6),
      p("rd.specialisation", AT(R, parameters.rd_specialisation), "1",
        "Exponent of specialisation: own R&D is split over the domains of the firm's current "
        "(or last) project in proportion to knowledge to this power (above 1: strong domains "
        "deepen); other domains get none and fade at rd.unused_depreciation.")
          .range(0, 10),
      p("rd.unused_depreciation", AT(R, parameters.rd_unused_depreciation), "1/year",
        "Depreciation of knowledge in domains outside the firm's current (or last) project: "
        "experience not used is forgotten faster (organisational forgetting, Argote, Beckman "
        "and Epple 1990; Benkard 2000). Assumption: 0.4, against 0.15 for domains in use. "
        "A value below rd.depreciation counts as rd.depreciation.")
          .range(0, 1),
      // Absorptive capacity.
      p("absorptive.from_rd", AT(R, parameters.absorptive_from_rd), "1",
        "Weight of R&D intensity (R&D / revenue) in absorptive capacity (Cohen and Levinthal).")
          .range(0, 1000),
      p("absorptive.from_competence", AT(R, parameters.absorptive_from_competence), "1",
        "Weight of mean workforce competence in absorptive capacity.")
          .range(0, 100),
      // Transfer.
      p("transfer.rate", AT(R, parameters.transfer_rate), "1/month",
        "Share of a partner's knowledge lead absorbed per month at full absorptive capacity, "
        "trust and optimal distance (Nooteboom 2007): in full in the domains of the firm's "
        "project, elsewhere scaled by its knowledge there relative to its strongest domain. "
        "Zero switches partner transfer off.")
          .range(0, 1),
      p("transfer.optimal_distance", AT(R, parameters.transfer_optimal_distance), "1",
        "Cognitive distance (1 - cosine similarity of knowledge) at which transfer peaks; "
        "transfer is zero at distance 0 and at twice this value.")
          .range(0.01, 0.5),
      p("transfer.half_distance_km", AT(R, parameters.transfer_half_distance_km), "km",
        "Geographic distance at which spillovers halve (Keller 2002: about 1,200 km).")
          .range(1, 1e5),
      p("transfer.university_rate", AT(R, parameters.transfer_university_rate), "1/month",
        "Transfer rate from a university in contract research, scaled by its TTO strength "
        "and, per domain, by the firm's knowledge there relative to its strongest domain.")
          .range(0, 1),
      p("transfer.center_rate", AT(R, parameters.transfer_center_rate), "1/month",
        "Transfer rate from a center of excellence to member firms, scaled per domain by the "
        "firm's knowledge there relative to its strongest domain.")
          .range(0, 1),
      // Foreign knowledge.
      p("foreign.inflow_rate", AT(R, parameters.foreign_inflow_rate), "1/month",
        "Share of the gap to the world frontier absorbed per month at full access.")
          .range(0, 1),
      p("foreign.frontier", AT(R, parameters.foreign_frontier), "knowledge units",
        "World technology frontier at the start, every domain.")
          .range(0, 1e3),
      p("foreign.frontier_growth", AT(R, parameters.foreign_frontier_growth), "1/year",
        "Growth of the world frontier.")
          .range(0, 1),
      // Competence.
      p("competence.turnover", AT(R, parameters.competence_turnover), "1/year",
        "Staff turnover; leavers take their competence with them.")
          .range(0, 1),
      p("competence.graduate_share", AT(R, parameters.competence_graduate_share), "1",
        "Share of replacement hires that are local graduates with the universities' profile.")
          .range(0, 1),
      p("competence.training_effect", AT(R, parameters.competence_training_effect),
        "1/person-month", "Competence one person-month of targeted training adds to one employee.")
          .range(0, 1),
      p("competence.general_effect", AT(R, parameters.competence_general_effect), "1",
        "Effect of general qualification (advanced-training centers) relative to targeted "
        "training, spread over all domains.")
          .range(0, 1),
      p("competence.training_cost", AT(R, parameters.competence_training_cost),
        "mln RUB/person-month",
        "What a person-month of training bought with cluster-subsidy services costs. "
        "Assumption: two months of the starting wage (the trainee's wage plus the course).")
          .range(0.001, 100),
      // Partnering.
      p("partnering.max_partners", AT(R, parameters.partner_max), "links",
        "Most partners a firm keeps (SKIN uses 5). Assumption: 32, room for hubs; with the "
        "relational capacity mean degrees are 2 to 4 and hubs 8 to 12 times that in the "
        "shipped scenarios, and firms rarely reach the cap. Memory follows the links firms hold, "
        "not this cap (pooled link storage, docs/performance.md).")
          .range(1, 128),
      p("partnering.random_candidates", AT(R, parameters.partner_random_candidates), "firms/month",
        "Random firms of its search pool (see cross_cluster_share) a firm considers each month "
        "besides partners of partners and introductions.")
          .range(0, 32),
      p("partnering.network_candidates", AT(R, parameters.partner_network_candidates),
        "firms/month",
        "Candidates a firm meets each month through links: a random firm of its search pool, "
        "then one of that firm's partners, so firms are met about in proportion to their "
        "degree (preferential attachment: Barabasi and Albert 1999; Powell et al. 2005; "
        "meeting friends of strangers: Jackson and Rogers 2007). Assumption: as many as "
        "random_candidates. 0 switches it off.")
          .range(0, 32),
      p("partnering.weight_complementarity", AT(R, parameters.partner_weight_complementarity), "1",
        "Weight of complementarity (different strengths, some overlap) in attractiveness.")
          .range(0, 10),
      p("partnering.weight_trust", AT(R, parameters.partner_weight_trust), "1",
        "Weight of trust (partners of partners inherit it) in attractiveness.")
          .range(0, 10),
      p("partnering.weight_proximity", AT(R, parameters.partner_weight_proximity), "1",
        "Exponent of geographic proximity: the knowledge fit in attractiveness is multiplied by "
        "2^(-km / transfer.half_distance_km) to this power (Keller 2002); trust, success and "
        "centrality are not (Boschma 2005); 0 ignores distance.")
          .range(0, 10),
      p("partnering.threshold", AT(R, parameters.partner_threshold), "1",
        "Attractiveness both sides need before a link forms; it rises with the links a firm "
        "tends beyond its relational capacity, which makes it bind.")
          .range(0, 10),
      p("partnering.relational_capacity", AT(R, parameters.relational_capacity), "links",
        "Links a firm of capacity_reference_employees tends without strain; above its "
        "capacity C a firm with k links needs attractiveness threshold x (k + 1) / C to take "
        "one more (link costs rising with links: Goyal and Joshi 2006; relational capability: "
        "Dyer and Singh 1998). Value: about 3 alliances per firm in R&D alliance data "
        "(Tomasello et al. 2017). 0 switches it off.")
          .range(0, 128),
      p("partnering.capacity_reference_employees", AT(R, parameters.capacity_reference_employees),
        "persons",
        "Firm size at which the relational capacity is relational_capacity. Assumption: 50, "
        "the EU boundary between small and medium firms.")
          .range(1, 1e6),
      p("partnering.capacity_size_elasticity", AT(R, parameters.capacity_size_elasticity), "1",
        "Elasticity of the relational capacity to employees: capacity x (employees / "
        "reference)^elasticity (larger firms tend more links). Assumption: 0.5, attention grows "
        "less than in proportion to staff; 0 gives every firm the same capacity.")
          .range(0, 2),
      p("partnering.progressive_share", AT(R, parameters.partner_progressive_share), "1",
        "Weight of SKIN's progressive fit (inverted U of cognitive distance) against the "
        "conservative fit (cosine similarity of knowledge) in complementarity.")
          .range(0, 1),
      p("partnering.weight_success", AT(R, parameters.partner_weight_success), "1",
        "Weight of a candidate's recent innovations r / (1 + r) in attractiveness "
        "(preferential attachment to successful firms).")
          .range(0, 10),
      p("partnering.weight_centrality", AT(R, parameters.partner_weight_centrality), "1",
        "Weight of a candidate's centrality k / (k + centrality_half_degree), k its links, in "
        "attractiveness (preferential attachment to central firms; prior ties and centrality "
        "drive new alliances and central firms ally with each other: Gulati and Gargiulo "
        "1999).")
          .range(0, 10),
      p("partnering.embeddedness", AT(R, parameters.partner_embeddedness), "1",
        "How much partners shared by a link's two ends slow the decay of its trust: without "
        "joint success trust keeps 1 - (1 - trust_decay) / (1 + embeddedness x shared) a "
        "month, so ties inside closed triads last longer (common third parties lower the "
        "dissolution of alliances: Polidoro, Ahuja and Mitchell 2011; closure: Coleman "
        "1988). Assumption: 1, one shared partner halves the monthly loss; 0 switches it off.")
          .range(0, 100),
      p("partnering.centrality_half_degree", AT(R, parameters.partner_centrality_half_degree),
        "links",
        "Links at which a candidate's centrality is half its top value; centrality saturates "
        "because a few more ties on a hub tell partners little. Assumption: 3, the relational "
        "capacity of a 50-person firm, so a typical firm is half as central as a hub.")
          .range(0.1, 1000),
      p("partnering.cross_cluster_share", AT(R, parameters.partner_cross_cluster_share), "1",
        "Share of random candidates (and of the firms whose partners a firm meets) drawn by "
        "gravity rather than from the firm's own cluster: a cluster is drawn with weight "
        "members x 2^(-km / transfer.half_distance_km), the firm's own included (gravity "
        "models of research collaboration: Ponds, van Oort and Frenken 2007; Scherngell and "
        "Barber 2009). Assumption: 1, all search by gravity; 0 keeps search at home.")
          .range(0, 1),
      p("partnering.broker_cross_cluster_share", AT(R, parameters.broker_cross_cluster_share), "1",
        "Share of a competence center's sampled candidates drawn from every cluster "
        "(centers broker across cluster boundaries).")
          .range(0, 1),
      p("consortium.min_trust", AT(R, parameters.consortium_min_trust), "1",
        "Trust a partner needs to join a firm's project as consortium member.")
          .range(0, 1),
      p("consortium.pool_share", AT(R, parameters.consortium_pool_share), "1",
        "Share of a consortium member's competence the project can use (pooled profile: "
        "per domain the larger of own and share x member's); of its knowledge, this share "
        "times the firm's absorptive capacity (Cohen and Levinthal 1990).")
          .range(0, 1),
      p("consortium.knowledge_creation", AT(R, parameters.consortium_knowledge_creation), "1",
        "Knowledge created in each required domain when a joint project completes, as a "
        "share of the pooled knowledge there, for the innovator and every member.")
          .range(0, 1),
      p("consortium.failure_trust", AT(R, parameters.consortium_failure_trust), "1",
        "Factor applied to the trust of consortium links when the project fails (failing "
        "consortia dissolve).")
          .range(0, 1),
      p("partnering.trust_initial", AT(R, parameters.trust_initial), "1", "Trust of a new link.")
          .range(0, 1),
      p("partnering.trust_decay", AT(R, parameters.trust_decay), "1/month",
        "Factor trust keeps each month without joint success (Cowan et al.: 0.98).")
          .range(0, 1),
      p("partnering.trust_gain", AT(R, parameters.trust_gain), "1",
        "Share of the remaining distance to full trust gained with a joint success.")
          .range(0, 1),
      p("partnering.trust_dissolve", AT(R, parameters.trust_dissolve), "1",
        "Links whose trust falls below this dissolve.")
          .range(0, 1),
      p("partnering.introduced_trust", AT(R, parameters.introduced_trust), "1",
        "Trust a competence center's introduction vouches for: the trust hint with which the "
        "pair rate each other, and the new link's trust (at least trust_initial). Assumption: "
        "0.5, a broker's word counts for half of full trust.")
          .range(0, 1),
      p("partnering.former_trust", AT(R, parameters.former_trust), "1",
        "Trust hint with which a firm rates its former partners as candidates (ex-partners are "
        "known quantities: Gulati 1995). Assumption: 0.5.")
          .range(0, 1),
      p("partnering.referral_trust", AT(R, parameters.referral_trust), "1",
        "Share of a firm's trust in each partner that a partner of that partner inherits as "
        "trust hint, summed over the partners they share and capped at 1 (structural "
        "embeddedness: Gulati and Gargiulo 1999). Assumption: 0.5.")
          .range(0, 1),
      p("partnering.vouched_trust", AT(R, parameters.vouched_trust), "1",
        "Most trust a link found through a third party (a referral, a former partner) starts "
        "with, however many partners vouch (embeddedness: Granovetter 1985, Uzzi 1997); at "
        "least trust_initial. Assumption: 0.5.")
          .range(0, 1),
      p("partnering.broker_samples", AT(R, parameters.broker_samples), "firms",
        "Firms a broker (a competence center, a university) samples per introduction, of which "
        "it introduces the strongest in the lacking domain. Assumption: 8, a broker knows a "
        "handful of candidates, not the whole cluster.")
          .range(1, 1000),
      // Innovation.
      p("innovation.start_rate", AT(R, parameters.project_start_rate), "1/month",
        "Monthly chance a firm with innovation budget and no project starts one.")
          .range(0, 1),
      p("innovation.knowledge_need", AT(R, parameters.project_knowledge_need), "knowledge units",
        "Knowledge in the project's main domain at which stage success is not discounted.")
          .range(1e-6, 1e3),
      p("innovation.competence_need", AT(R, parameters.project_competence_need), "1",
        "Competence a project requires in each of its required domains.")
          .range(0.01, 1),
      p("innovation.required_domains", AT(R, parameters.project_required_domains), "domains",
        "Domains whose competence a project requires (the main one and others drawn).")
          .range(1, 8),
      p("innovation.max_stall", AT(R, parameters.project_max_stall), "months",
        "Months without progress after which a project is abandoned (assumption: two years; "
        "a stage waiting for money counts as a month without progress).")
          .range(1, 600),
      p("innovation.stall_pace", AT(R, parameters.stall_pace), "1",
        "Pace (the month's progress as a share of full pace) below which a month counts as "
        "no progress toward innovation.max_stall. Assumption: 0.05, a project crawling at a "
        "twentieth of its pace would take its stage 20 times longer and is stalled in effect.")
          .range(0, 1),
      p("innovation.stage_knowledge_floor", AT(R, parameters.stage_knowledge_floor), "1",
        "Chance of a stage trial at no knowledge in the project's main domain, as a share of "
        "the full chance (stage_success); it rises linearly to 1 at knowledge_need. "
        "Assumption: 0.75, knowledge short of the need discounts success by up to a quarter.")
          .range(0, 1),
      p("innovation.min_funding_share", AT(R, parameters.min_funding_share), "1",
        "Share of a month's stage cost that the firm's money (innovation budget, grants, "
        "earmarked loans, retained earnings and, in scale-up stages, bank credit) must "
        "cover for the stage to move that month; below it the stage waits unpaid and the "
        "month counts toward innovation.max_stall: the valley of death (Auerswald and "
        "Branscomb 2003). Assumption: 1, a stage (a trial phase, a pilot line) is indivisible "
        "work that part of its budget cannot carry on; 0 lets any money move it at the "
        "covered share of its pace (retained earnings still fund every stage, so 0 is not "
        "the model before issue 25; projects_unfunded then stays 0).")
          .range(0, 1),
      p("innovation.stage_months", AT(R, parameters.stage_months), "months",
        "Duration of each TRL stage 1..9 with full funding and competence and knowledge at "
        "innovation.frontier_reference (BIO 2016 for "
        "pharma: phases I-III about 18, 30 and 30 months).")
          .range(1, 240)
          .with_length(9),
      p("innovation.stage_success", AT(R, parameters.stage_success), "1",
        "Probability that each TRL stage 1..9 succeeds at full knowledge (pharma: 0.632, "
        "0.307, 0.581, 0.853 for phase I, II, III, approval; BIO 2016).")
          .range(0, 1)
          .with_length(9),
      p("innovation.stage_cost", AT(R, parameters.stage_cost), "mln RUB/month",
        "Monthly cost of each TRL stage 1..9; high at TRL 4..7, the valley of death.")
          .range(0, 1e4)
          .with_length(9),
      p("innovation.scaleup_from_trl", AT(R, parameters.scaleup_from_trl), "TRL",
        "First TRL of industrial scale-up (pilot line, certification, first series), whose "
        "cost grows with the firm's size and which bank credit may pay after the budget, grants "
        "and retained earnings (every stage draws on those); 10 switches size scaling and "
        "stage credit off.")
          .range(1, 10),
      p("innovation.scaleup_size_elasticity", AT(R, parameters.scaleup_size_elasticity), "1",
        "Scale-up stages cost stage_cost x max(1, employees / scaleup_reference_employees)^"
        "elasticity (assumption: cost in proportion to the production being converted, so an "
        "anchor of 10,000 staff pays 100 times the stage cost of a firm of 100; IDF loans of "
        "100-1,000 mln RUB finance such stages).")
          .range(0, 2),
      p("innovation.scaleup_reference_employees", AT(R, parameters.scaleup_reference_employees),
        "employees", "Firm size at which a scale-up stage costs stage_cost.")
          .range(1, 1e6),
      p("innovation.share_product", AT(R, parameters.share_product), "1",
        "Relative weight of new products among project types.")
          .range(0, 1),
      p("innovation.share_process", AT(R, parameters.share_process), "1",
        "Relative weight of process improvements among project types.")
          .range(0, 1),
      p("innovation.share_import_substitute", AT(R, parameters.share_import_substitute), "1",
        "Relative weight of import substitutes among project types when nothing is missing "
        "or dear (the baseline).")
          .range(0, 1),
      p("innovation.substitution_response", AT(R, parameters.substitution_response), "1",
        "Induced substitution (directed technical change: Acemoglu 2002; Popp 2002): a "
        "starting project's weight of import substitute rises by this times the rent a "
        "substitute would earn in the firm's domains (missing critical imports in full, "
        "parallel mark-up and devaluation on the rest, as a share of the cluster's "
        "critical-input needs), weighted by the firm's knowledge; 0: fixed weights. "
        "Assumption: at 1, a rent equal to all critical needs weighs as much as all "
        "baseline types together.")
          .range(0, 100),
      p("innovation.product_demand_boost", AT(R, parameters.product_demand_boost), "1",
        "Rise in a firm's competitiveness from a new product.")
          .range(0, 10),
      p("innovation.process_jump_low", AT(R, parameters.process_jump_low), "1",
        "Lower end of a process innovation's productivity change, drawn Beta(shape, shape) "
        "on [low, high] and adopted only when positive (K+S: Dosi, Fagiolo and Roventini "
        "2010, JEDC 34: -0.15).")
          .range(-1, 0),
      p("innovation.process_jump_high", AT(R, parameters.process_jump_high), "1",
        "Upper end of a process innovation's productivity change (K+S: 0.15).")
          .range(0, 10),
      p("innovation.process_jump_shape", AT(R, parameters.process_jump_shape), "1",
        "Shape of the symmetric Beta draw of the productivity change (K+S: 3).")
          .range(0.01, 100),
      p("innovation.recent_memory_months", AT(R, parameters.recent_innovation_memory), "months",
        "Memory of a firm's recent innovations: the count decays by 1 / memory a month. It "
        "measures success for partner choice and start-ups. Assumption: 36, about three "
        "years (SKIN's memory of recent success).")
          .range(1, 1200),
      p("innovation.frontier_reference", AT(R, parameters.innovation_frontier_reference), "1",
        "Knowledge relative to the world frontier (mean over domains) at which a firm starts "
        "projects at start_rate and innovations have base quality.")
          .range(1e-3, 10),
      p("innovation.knowledge_elasticity", AT(R, parameters.innovation_knowledge_elasticity), "1",
        "Elasticity of the start chance and quality of innovations to relative knowledge.")
          .range(0, 5),
      p("adoption.link_rate", AT(R, parameters.adoption_link_rate), "1/month",
        "Monthly chance of adopting a process technology a partner uses, at full absorptive "
        "capacity and trust and in the firm's strongest domain (diffusion through links; the "
        "chance scales with knowledge in the technology's domain relative to the strongest, "
        "Cohen and Levinthal 1990).")
          .range(0, 1),
      p("adoption.imitation_rate", AT(R, parameters.adoption_imitation_rate), "1/month",
        "Monthly chance of adopting a process technology used by the one firm of the same "
        "sector a firm observes at random, at full absorptive capacity and in the firm's "
        "strongest domain (imitation through markets; Bass's q; scaled like link_rate, Cohen "
        "and Levinthal 1990).")
          .range(0, 1),
      p("adoption.external_rate", AT(R, parameters.adoption_external_rate), "1/month",
        "Monthly chance of adopting a process technology some firm of the scenario uses, "
        "independently of contacts: suppliers, fairs, publications (Bass's p; 0.0025 is the "
        "mean p of 0.03 a year in Sultan, Farley and Lehmann 1990), in the firm's strongest "
        "domain; scaled by knowledge in the technology's domain relative to the strongest.")
          .range(0, 1),
      p("adoption.productivity_gain", AT(R, parameters.adoption_productivity_gain), "1",
        "Rise in productivity from adopting a process technology.")
          .range(0, 1),
      p("innovation.quality_cap", AT(R, parameters.innovation_quality_cap), "1",
        "Largest multiple of the base effect an innovation's quality can reach.")
          .range(0, 100),
      p("innovation.pace_elasticity", AT(R, parameters.innovation_pace_elasticity), "1",
        "Elasticity of a stage's pace to the project's pooled knowledge relative to the world "
        "frontier (at frontier_reference the pace is the stage_months one). R&D productivity "
        "rises in proportion to the stock of ideas and falls with the world's (Porter and "
        "Stern 2000: elasticity about 1). Zero makes pace independent of knowledge.")
          .range(0, 5),
      p("innovation.pace_cap", AT(R, parameters.innovation_pace_cap), "1",
        "Largest multiple of the stage_months pace that knowledge above the frontier "
        "reference can give (assumption).")
          .range(1, 10),
      // Production.
      p("production.wage", AT(R, parameters.wage), "mln RUB/employee-month",
        "Monthly labour cost per employee at the start; it then follows the price level and "
        "productivity (wage_price_indexation, wage_productivity_indexation).")
          .range(0, 10),
      p("production.wage_price_indexation", AT(R, parameters.wage_price_indexation), "1",
        "Elasticity of the wage to the mean price level of the scenario's sectors (1: nominal "
        "wages keep their real value; 0: fixed nominal wage).")
          .range(0, 2),
      p("production.wage_productivity_indexation", AT(R, parameters.wage_productivity_indexation),
        "1",
        "Elasticity of the wage to the employment-weighted mean productivity (K+S, Dosi et al. "
        "2010: 1, productivity gains are shared with workers; 0: none).")
          .range(0, 2),
      p("production.demand_shock", AT(R, parameters.demand_shock), "1/month",
        "Standard deviation of a firm's monthly log demand shock, the same at every size: how "
        "growth volatility falls with size is left to emerge (Stanley et al. 1996 measure "
        "beta about 0.15-0.2 in sd ~ size^-beta). Assumption: 0.08. 0 switches shocks off.")
          .range(0, 2),
      p("production.shock_persistence", AT(R, parameters.demand_shock_persistence), "1",
        "Share of last month's demand shock that persists (AR(1) coefficient).")
          .range(0, 0.999),
      p("production.cost_shock", AT(R, parameters.cost_shock), "1",
        "Stationary standard deviation of a firm's log unit cost of inputs and labour (a TFP "
        "shock), an AR(1) drawn from its stationary law in the firm's first month (persistent "
        "within-industry dispersion: Foster, Haltiwanger and Syverson 2008 report s.d. of log "
        "revenue TFP about 0.2; Syverson 2011). 0 switches it off.")
          .range(0, 2),
      p("production.cost_shock_persistence", AT(R, parameters.cost_shock_persistence), "1",
        "Share of a firm's cost shock that persists over a year (annual AR(1) coefficient; "
        "Hopenhayn-type calibrations and plant data give about 0.8-0.9).")
          .range(0, 0.999),
      p("production.own_cost_pass_through", AT(R, parameters.own_cost_pass_through), "1",
        "Elasticity of a firm's price to its own cost shock: a less efficient firm is dearer by "
        "this power of its cost factor, and loses market share by credit.price_sensitivity "
        "times it (Amiti, Itskhoki and Konings 2019, Belgian manufacturing: 0.6 for the typical "
        "firm, about 1 for small and 0.5 for large ones). 0: the shock acts on costs only.")
          .range(0, 1),
      p("production.price_adjustment", AT(R, parameters.price_adjustment), "1/month",
        "Rise of a sector's price level per month per unit of excess demand (demand / domestic "
        "capacity - 1, clipped to +-price_excess_clip); 0 keeps prices fixed.")
          .range(0, 1),
      p("production.price_excess_clip", AT(R, parameters.price_excess_clip), "1",
        "Largest excess demand, either sign, that moves a sector's price in a month: a sector "
        "short of half its demand or more raises its price as if short of half. Assumption: "
        "0.5.")
          .range(0.01, 10),
      p("production.expansion_cap", AT(R, parameters.expansion_cap), "1",
        "Most a sold-out, profitable firm plans to add to its workforce, as a share of it: it "
        "plans for its own unmet demand (what buyers ask of it / its domestic capacity - 1) up "
        "to this share, and "
        "employment moves toward the plan at employment_adjustment a month. Assumption: 1.")
          .range(0, 10),
      p("production.cost_pass_through", AT(R, parameters.cost_pass_through), "1",
        "Share of a change in a sector's unit input cost (parallel-import mark-ups, imported "
        "inputs priced at the exchange rate) that its price passes on each month: 1 is markup "
        "pricing, price = (1 + markup) x unit cost (K+S: Dosi et al. 2010); 0 leaves prices to "
        "excess demand alone.")
          .range(0, 1),
      p("production.demand_elasticity", AT(R, parameters.demand_elasticity), "1",
        "Price elasticity of domestic demand: real demand = demand x price^-elasticity.")
          .range(0, 10),
      p("production.downtime_pay", AT(R, parameters.downtime_pay), "1",
        "Share of the wage paid to the workers that missing critical inputs or licences idle "
        "(the share 1 - availability of the workforce): downtime for reasons beyond employer "
        "and employee is paid at least two thirds of the wage (Labour Code of the Russian "
        "Federation, art. 157); 1 pays them in full.")
          .range(0, 1),
      p("production.employment_adjustment", AT(R, parameters.employment_adjustment), "1/month",
        "Share of the gap to desired employment closed per month.")
          .range(0, 1),
      // Markets with foreign suppliers.
      p("markets.import_elasticity", AT(R, parameters.import_elasticity), "1",
        "Elasticity of substitution between the cluster's goods and imports (Armington): "
        "imports' weight in a sector's market moves with (exchange-rate index / sector price)^"
        "-elasticity. Macro estimates are about 1, micro estimates 2-3 (Feenstra, Luck, "
        "Obstfeld and Russ 2018); 1 is an assumption: a calibration on tomsk's pharma output in "
        "the 2015 devaluation does not identify it (docs/experiments.md).")
          .range(0, 10),
      p("markets.absorption_import_share", AT(R, parameters.absorption_import_share), "1",
        "Share of imports in what the cluster's buyers spend: their nominal income follows "
        "domestic prices, so a real devaluation (exchange-rate index over the mean sector "
        "price) cuts their real income by this share, and domestic demand by it times "
        "income_elasticity. Imports of goods and services were about 23% of Russia's GDP "
        "on average in 1989-2015 (World Bank, WDI); 0 turns the channel off.")
          .range(0, 1),
      p("markets.income_elasticity", AT(R, parameters.income_elasticity), "1",
        "Income elasticity of the cluster's domestic demand (buyers' real income channel "
        "of absorption_import_share). 1 is an assumption: spending shares that do not "
        "change with income (homothetic demand).")
          .range(0, 5),
      p("markets.exchange_rate", AT(R, parameters.exchange_rate), "RUB/USD",
        "Exchange rate before the first [[exchange_rate]] step (Bank of Russia official "
        "rate; 64.7 is the 2019 average). Only its ratio to the rate of the run's first "
        "month acts.")
          .range(0.01, 1e6),
      // Demography.
      p("demography.exit_negative_months", AT(R, parameters.exit_negative_months), "months",
        "Consecutive months below the cash floor after which a firm exits.")
          .range(1, 120),
      p("demography.exit_cash_floor", AT(R, parameters.exit_cash_floor), "months of wages",
        "Cash (in months of the wage bill, negative) below which a firm is in distress.")
          .range(-120, 0),
      p("demography.startup_rate", AT(R, parameters.startup_rate), "1/year",
        "Start-ups (employee spin-outs) a year founded by a firm whose smoothed net margin is "
        "entry_reference_margin and that has no recent innovation; the rate grows in "
        "proportion to the parent's margin over the reference and to 1 + its recent "
        "innovations (decaying count, about three years), and is 0 for a loss-making parent: "
        "better firms spawn more spin-outs (Klepper 2007, Management Science 53(4); Klepper "
        "and Sleeper 2005), which carry the parent's know-how (Agarwal et al. 2004, AMJ 47). "
        "The value is an assumption (about 1% of firms a year).")
          .range(0, 12),
      p("demography.spinoff_rate", AT(R, parameters.spinoff_rate), "1/year",
        "Spin-offs per university-year at technology-transfer strength 1.")
          .range(0, 100),
      p("demography.spinoff_knowledge_share", AT(R, parameters.spinoff_knowledge_share), "1",
        "Share of its university's frontier a spin-off's knowledge starts at (at least). "
        "Assumption: 0.5, founders carry part of a lab's know-how.")
          .range(0, 1),
      p("demography.startup_knowledge_share", AT(R, parameters.startup_knowledge_share), "1",
        "Share of its parent's knowledge a start-up begins with (it also takes the parent's "
        "competence). Assumption: 0.5.")
          .range(0, 1),
      // Credit, taxes, investment.
      p("credit.key_rate", AT(R, parameters.key_rate), "1/year",
        "Bank of Russia key rate before the first [[key_rate]] step (7.5% in 2019-2021).")
          .range(0, 1),
      p("credit.bank_markup", AT(R, parameters.bank_markup), "1/year",
        "Bank mark-up over the key rate on commercial loans.")
          .range(0, 1),
      p("credit.class_step", AT(R, parameters.credit_class_step), "1",
        "Rate rise per credit class: rate = key x (1 + step x (class - 1)) + markup, class 1..4 "
        "by debt over annual sales (K+S: 0.1).")
          .range(0, 10),
      p("credit.class_ratio", AT(R, parameters.credit_class_ratio), "1",
        "Debt over annual sales below which a firm is in credit class 1; classes 2 and 3 end at "
        "twice and four times it, class 4 above (K+S rank firms by this ratio; the cut-offs are "
        "an assumption: 0.25).")
          .range(1e-6, 100),
      p("credit.ceiling_multiple", AT(R, parameters.credit_ceiling_multiple), "1",
        "Credit ceiling as a multiple of the larger of net worth and annual sales less inputs "
        "and wages (K+S: 2); operating shortfalls, scale-up stages of innovation projects and "
        "investment borrow under it.")
          .range(0, 100),
      p("credit.term_months", AT(R, parameters.credit_term_months), "months",
        "Term of commercial loans (operating, investment and scale-up stage credit), repaid as "
        "annuities (K+S: a third of the debt a year).")
          .range(1, 600),
      p("credit.collection_lag_months", AT(R, parameters.collection_lag_months), "months",
        "Mean months customers take to pay (trade credit): each month a share 1 / (1 + lag) of "
        "what they owe, this month's sales included, is collected. Receivables of Russian "
        "industry are of the order of 1-3 months of sales (Rosstat, Bank of Russia). 0 collects "
        "every sale in its month.")
          .range(0, 24),
      p("credit.receivables_advance", AT(R, parameters.receivables_advance), "1",
        "Share of a firm's receivables its bank lends on a revolving working-capital line "
        "(borrowing base of asset-based lending and factoring: 70-90% of eligible receivables); "
        "interest only, at the firm's commercial rate, repaid as receivables fall. 0 switches "
        "the line off.")
          .range(0, 1),
      p("taxes.profit_rate", AT(R, parameters.profit_tax), "1",
        "Profit tax on positive monthly profit (Russia: 20% to 2024, 25% from 2025).")
          .range(0, 1),
      p("investment.per_employee", AT(R, parameters.investment_per_employee), "mln RUB/employee",
        "Capital intensity: productive capital per employee. Capacity is limited by capital / "
        "per_employee employees' worth; firms invest to equip the workforce they want, from "
        "retained earnings first, then credit.")
          .range(0.001, 1000),
      p("investment.depreciation", AT(R, parameters.capital_depreciation), "1/year",
        "Depreciation of productive capital (assumption; Rosstat fixed-asset retirement and "
        "machinery service lives of 7-15 years).")
          .range(0, 1),
      p("owners.payout_share", AT(R, parameters.payout_share), "1/month",
        "Share of cash above the target buffer (retained profit) paid to owners each month as "
        "dividends or withdrawals; 0 keeps all profit in the firm.")
          .range(0, 1),
      p("owners.cash_buffer_months", AT(R, parameters.cash_buffer_months), "months of costs",
        "Cash buffer a firm keeps before paying out: months of its cash costs (inputs, wages, "
        "loan payments).")
          .range(0, 120),
      p("credit.price_sensitivity", AT(R, parameters.price_sensitivity), "1",
        "Elasticity of a firm's share of its sector's demand to its relative price: its unit-cost "
        "factor 1 + debt service / capacity (InCaLead: debt service enters unit cost and price) "
        "times its passed-on cost shock (production.own_cost_pass_through); 0 switches it off.")
          .range(0, 50),
      p("demography.exit_min_margin", AT(R, parameters.exit_min_margin), "1",
        "Smoothed net profit margin (after depreciation, interest and taxes) below which owners "
        "close the firm (persistently low profitability).")
          .range(-10, 1),
      p("demography.profit_memory_months", AT(R, parameters.profit_memory_months), "months",
        "Span of the moving average of the net margin; firms younger than this do not exit for "
        "low profitability.")
          .range(1, 240),
      p("demography.exit_review_probability", AT(R, parameters.exit_review_probability), "1",
        "Chance that owners close a firm whose smoothed margin is below exit_min_margin at its "
        "annual review (assumption from Rosstat: about a quarter of Russian manufacturing firms "
        "report a loss in a year, while about 5-8% of firms leave a year; many losses are "
        "temporary and owners wait). 1 closes every such firm.")
          .range(0, 1),
      p("demography.entry_profit_sensitivity", AT(R, parameters.entry_profit_sensitivity), "1",
        "Entry rate multiplier exp(sensitivity x (revenue-weighted smoothed net margin of the "
        "cluster's firms - entry_reference_margin)), clipped to [entry_factor_min, "
        "entry_factor_max]: entrants come where "
        "profits are "
        "(free entry; Hopenhayn 1992, Geroski 1995). 0 keeps clusters[].entry_rate fixed.")
          .range(0, 100),
      p("demography.entry_factor_min", AT(R, parameters.entry_factor_min), "1",
        "Lower clip of the entry multiplier of entry_profit_sensitivity: a loss-making cluster "
        "still draws this share of its base entry rate. Assumption: 0.2.")
          .range(0, 1),
      p("demography.entry_factor_max", AT(R, parameters.entry_factor_max), "1",
        "Upper clip of the entry multiplier: a very profitable cluster draws at most this many "
        "times its base entry rate. Assumption: 5.")
          .range(1, 1000),
      p("demography.entry_replacement", AT(R, parameters.entry_replacement), "1",
        "Replacement entry: a cluster draws the larger of its profit-driven entry and "
        "entry_replacement x (its exits of the last 12 months less the firms founded in it in "
        "those months) / 12 entrants a month, times the entry multiplier when that is below 1: "
        "exits free demand and staff that entrants take up, so births follow deaths (Geroski "
        "1995, IJIO 13: entry and exit rates are highly correlated; Hopenhayn 1992; K+S, Dosi "
        "et al. 2010, replaces every exit). 1 is an assumption; 0 is the rule before issue 25.")
          .range(0, 10),
      p("demography.entry_reference_margin", AT(R, parameters.entry_reference_margin), "1",
        "Net margin at which a cluster draws entrants at its base entry_rate (Rosstat: net "
        "margin of Russian manufacturing of about 5-7% in 2012-2019).")
          .range(-1, 1),
      p("demography.entrant_demand_gap", AT(R, parameters.entrant_demand_gap), "1",
        "Share of a new firm's appeal to buyers missing at entry: entrants start with a demand "
        "deficit (no customer base yet) that closes slowly, which is why young firms stay small "
        "and many exit (Foster, Haltiwanger and Syverson 2016; the size is an assumption). "
        "Firms present at the start have none.")
          .range(0, 1),
      p("demography.entrant_demand_years", AT(R, parameters.entrant_demand_years), "years",
        "Time constant of the closing of the entrant demand deficit: the gap falls as "
        "exp(-age / this) (FHS 2016: well over a decade to close; the value is an assumption).")
          .range(0.1, 100),
      // Sanctions.
      p("sanctions.domestic_share", AT(R, parameters.domestic_share), "1",
        "Per domain: share of firms' critical-input needs met by domestic producers before any "
        "sanctions (HSE 2021: machine tools 0.24, pharma 0.35, medical industry 0.31, "
        "radio-electronics about 0.12). Needs = import dependence / (1 - share).")
          .range(0, 0.99)
          .per_domain(0.0),
      p("sanctions.parallel_import_share", AT(R, parameters.parallel_import_share), "1",
        "Share of cut critical imports that parallel imports restore after their delay.")
          .range(0, 1),
      p("sanctions.resourcing_rate", AT(R, parameters.resourcing_rate), "1/year",
        "Share of the still-missing part of cut critical imports that buyers find other "
        "suppliers or routes for each year after parallel imports first arrive (assumption: "
        "0.4, of the order of Haidar 2017, Economic Policy: two thirds of the Iranian exports "
        "hit by sanctions reached other destinations within about two years, 1-(1-0.4)^2 = "
        "0.64). 0: parallel imports restore parallel_import_share for good.")
          .range(0, 1),
      p("sanctions.substitute_ramp_months", AT(R, parameters.substitute_ramp_months), "months",
        "Months a domestic supplier needs to ramp up an import substitute.")
          .range(0, 240),
      p("sanctions.substitute_output_share", AT(R, parameters.substitute_output_share), "1",
        "Import substitutes a ramped-up holder can supply each month, as a share of its "
        "productive capacity (split evenly over the domains where it holds one); a domain's "
        "imports replaced at home are its holders' supply over its critical-import needs, at "
        "most all (assumption: no source measures it).")
          .range(0, 1),
      p("sanctions.licence_productivity_share", AT(R, parameters.licence_productivity_share), "1",
        "Share of productivity that rests on foreign licences in a firm's knowledge domains.")
          .range(0, 1),
      p("defence.civilian_shift_per_product", AT(R, parameters.civilian_shift_per_product), "1",
        "Fall in a dual-use firm's defence share with each new civilian product.")
          .range(0, 1),
      p("defence.conversion_rate", AT(R, parameters.conversion_rate), "1/month",
        "Share of a dual-use firm's idle defence capacity (freed by shrinking defence orders) "
        "converted to civilian lines a month, at workforce competence 1 and a sector that "
        "buys all it is offered; scaled down by lower competence and by saturated demand.")
          .range(0, 1),
      p("defence.conversion_demand", AT(R, parameters.conversion_demand), "1",
        "Share of converted capacity that finds new domestic customers (added to its sector's "
        "demand); the rest competes for the existing demand.")
          .range(0, 1),
      p("defence.price_indexation", AT(R, parameters.defence_price_indexation), "1",
        "Share of its sector's price change that the price of a unit of defence orders follows: "
        "state defence orders are priced on regulated costs and indexed to price deflators "
        "(Government of Russia Decree No. 1465 of 2 December 2017, in force from 2018, with its "
        "method of indexing the price of products supplied before); the funder's budget buys "
        "capacity at that price. 0: a fixed nominal price per unit of capacity (before stop 39).")
          .range(0, 1),
      p("universities.frontier_growth", AT(R, parameters.university_frontier_growth),
        "1/year per bn RUB",
        "Growth of a university's research frontier per bn RUB of yearly research budget.")
          .range(0, 10),
      p("universities.contract_months", AT(R, parameters.university_contract_months), "months",
        "Length of a contract-research project between a firm and a university.")
          .range(1, 120),
      p("universities.contract_rate", AT(R, parameters.university_contract_rate), "1/month",
        "Monthly chance that a firm with a project and no contract asks a university of its "
        "cluster for one; the university accepts with probability tto_strength if it has "
        "capacity.")
          .range(0, 1),
      p("universities.brokerage_rate", AT(R, parameters.university_brokerage_rate), "1/month",
        "Monthly chance that a university introduces a contract-research client with a "
        "project to the strongest of a few sampled firms in the project's weakest domain "
        "the university researches (universities as gatekeepers of regional networks: Graf "
        "2011; the rate is an assumption).")
          .range(0, 1),
      p("universities.broker_cross_cluster_share",
        AT(R, parameters.university_broker_cross_cluster_share), "1",
        "Share of a university's sampled firms drawn from every cluster rather than the "
        "client's own (academic networks are national; assumption, above the centers' "
        "0.25).")
          .range(0, 1),
  };
}

// The policy levers, on the scenario and on a run's live policy.
template <class R>
FieldSpec<R> foreign_access_field() {
  return field<R>("policy.foreign_knowledge_access", AT(R, policy.foreign_knowledge_access), "1",
                  "Access to foreign knowledge per domain (1 open, 0 cut off).")
      .range(0, 1)
      .per_domain(1.0)
      .schedulable_by_events();
}

}  // namespace

const std::vector<FieldSpec<Scenario>>& scenario_fields() {
  static const std::vector<FieldSpec<S>> fields = [] {
    std::vector<FieldSpec<S>> f = {
        field<S>("name", AT(S, name), "", "Short name of the scenario, used in reports."),
        field<S>("description", AT(S, description), "", "What the scenario represents."),
        field<S>("seed", AT(S, seed), "", "Base seed of every random stream."),
        field<S>("replications", AT(S, replications), "runs",
                 "Independent replications (each with its own random streams).")
            .range(1, kMaxReplications),
        field<S>("max_firms", AT(S, max_firms), "firms",
                 "Slots reserved for firms, alive and dead; entries beyond it are refused and "
                 "counted. 0 reserves twice the initial population plus 64.")
            .range(0, double(kMaxFirms)),
        field<S>("calendar.start", AT(S, calendar.start), "", "First simulated month.").mandatory(),
        field<S>("calendar.end", AT(S, calendar.end), "", "Last simulated month (inclusive).")
            .mandatory(),
        field<S>("domains", AT(S, domains), "",
                 "Names of the technology domains; knowledge and competence are vectors over "
                 "them.")
            .mandatory(),
        foreign_access_field<S>(),
        field<S>("output.snapshots", AT(S, output.snapshots), "",
                 "Months at which agent state and the partner network are saved."),
        field<S>("output.compression", AT(S, output.compression), "",
                 "gzip level of HDF5 datasets (0 none .. 9 most).")
            .range(0, 9),
    };
    auto params = parameter_fields<S>();
    f.insert(f.end(), params.begin(), params.end());
    return f;
  }();
  return fields;
}

const std::vector<FieldSpec<Sector>>& sector_fields() {
  using T = Sector;
  static const std::vector<FieldSpec<T>> fields = {
      field<T>("name", AT(T, name), "", "Sector name referred to by firm groups.").mandatory(),
      field<T>("demand_ratio", AT(T, demand_ratio), "1",
               "Domestic demand at the start relative to the capacity the sector's initial "
               "firms offer at home, after defence orders and exports (1: demand matches it).")
          .range(0, 100),
      field<T>("demand_growth", AT(T, demand_growth), "1/year", "Growth of demand.").range(-0.5, 1),
      field<T>("revenue_per_employee", AT(T, revenue_per_employee), "mln RUB/employee-month",
               "Output per employee at productivity 1.")
          .range(0, 100),
      field<T>("input_cost_share", AT(T, input_cost_share), "1",
               "Purchased inputs as a share of revenue.")
          .range(0, 1),
      field<T>("import_share", AT(T, import_share), "1",
               "Share of the sector's domestic market that imports serve at the start (HSE "
               "2021 and CMASF 2022 give the domestic shares of Russian markets: machine tools "
               "24%, medical industry 31%, pharma 35%, radio-electronics about 12%). Domestic "
               "demand then is demand_ratio x the firms' capacity / (1 - import_share), and "
               "foreign suppliers compete for it (docs/model.md 3.7, Imports). 0: no imports.")
          .range(0, 0.99),
  };
  return fields;
}

const std::vector<FieldSpec<Cluster>>& cluster_fields() {
  using T = Cluster;
  static const std::vector<FieldSpec<T>> fields = {
      field<T>("name", AT(T, name), "", "Cluster name referred to by other tables.").mandatory(),
      field<T>("latitude", AT(T, latitude), "degrees", "Location, for geographic distance.")
          .range(-90, 90),
      field<T>("longitude", AT(T, longitude), "degrees", "Location, for geographic distance.")
          .range(-180, 180),
      field<T>("entry_rate", AT(T, entry_rate), "1/year",
               "New firms per year per firm alive in the cluster.")
          .range(0, 1),
  };
  return fields;
}

const std::vector<FieldSpec<FirmGroup>>& firm_group_fields() {
  using T = FirmGroup;
  static const std::vector<FieldSpec<T>> fields = {
      field<T>("name", AT(T, name), "", "Label of the group (used by add_firms events)."),
      field<T>("cluster", AT(T, cluster), "", "Cluster the firms belong to.").mandatory(),
      field<T>("sector", AT(T, sector), "", "Sector the firms sell in.").mandatory(),
      field<T>("size", AT(T, size), "", "Size class.").one_of(names_of(kSizeClassNames)),
      field<T>("count", AT(T, count), "firms", "Number of firms.").range(0, 1e7),
      field<T>("employees_min", AT(T, employees_min), "persons",
               "Smallest firm; sizes follow a Zipf law P(S > s) ~ 1/s (Axtell 2001).")
          .range(1, 1e6),
      field<T>("employees_max", AT(T, employees_max), "persons", "Largest firm.").range(1, 1e6),
      field<T>("dual_use", AT(T, dual_use), "", "Whether the firms hold defence orders."),
      field<T>("rd_intensity", AT(T, rd_intensity), "1",
               "R&D budget as a share of revenue (K+S: 0.04).")
          .range(0, 1),
      field<T>("productivity", AT(T, productivity), "1", "Initial productivity multiplier.")
          .range(0.01, 100),
      field<T>("productivity_spread", AT(T, productivity_spread), "1",
               "Each firm's initial productivity is productivity x U(1 - spread, 1 + spread), so "
               "firms of a group differ. Assumption: 0.1 (the initial draw; the cost shock adds "
               "the persistent dispersion of plant TFP).")
          .range(0, 0.99),
      field<T>("knowledge_spread", AT(T, knowledge_spread), "1",
               "Each firm's initial knowledge and competence per domain are the group's profile x "
               "U(1 - spread, 1 + spread) (competence then clipped to [0, 1]). Assumption: 0.3.")
          .range(0, 0.99),
      field<T>("cash_months", AT(T, cash_months), "months of wages", "Initial cash.").range(0, 120),
      field<T>("knowledge", AT(T, knowledge), "knowledge units",
               "Initial knowledge per domain (each firm varies around it by knowledge_spread).")
          .range(0, 1e3)
          .per_domain(0.1),
      field<T>("competence", AT(T, competence), "1", "Initial workforce competence per domain.")
          .range(0, 1)
          .per_domain(0.2),
      field<T>("import_dependence", AT(T, import_dependence), "1",
               "Share of purchased inputs that are critical imports, per domain (their sum is "
               "the import-dependent share of inputs; HSE 2021: up to 0.8 for pharmaceutical "
               "substances).")
          .range(0, 1)
          .per_domain(0.0),
      field<T>("export_share", AT(T, export_share), "1", "Share of capacity sold abroad.")
          .range(0, 1),
      field<T>("defence_share", AT(T, defence_share), "1",
               "Dual-use firms: share of capacity bought under defence orders at the start.")
          .range(0, 1),
      field<T>("technology_company", AT(T, technology_company), "",
               "Technology company (industrial mortgage at the lower rate)."),
  };
  return fields;
}

const std::vector<FieldSpec<University>>& university_fields() {
  using T = University;
  static const std::vector<FieldSpec<T>> fields = {
      field<T>("name", AT(T, name), "", "Name.").mandatory(),
      field<T>("cluster", AT(T, cluster), "", "Cluster it serves.").mandatory(),
      field<T>("kind", AT(T, kind), "", "University or research institute.")
          .one_of(names_of(kUniversityKindNames)),
      field<T>("count", AT(T, count), "", "Identical organisations this entry stands for.")
          .range(1, 1000),
      field<T>("research_budget", AT(T, research_budget), "mln RUB/year", "Research budget.")
          .range(0, 1e6),
      field<T>("staff", AT(T, staff), "persons", "Research and teaching staff.").range(0, 1e6),
      field<T>("graduates_per_year", AT(T, graduates_per_year), "persons/year",
               "Graduates entering the labour market (0 for institutes).")
          .range(0, 1e6),
      field<T>("tto_strength", AT(T, tto_strength), "1",
               "Strength of the technology-transfer office: scales contract-research transfer "
               "and the spin-off rate.")
          .range(0, 1),
      field<T>("contract_capacity", AT(T, contract_capacity), "contracts",
               "Contract-research projects with firms it can run at once.")
          .range(0, 10000),
      field<T>("knowledge", AT(T, knowledge), "knowledge units", "Research frontier per domain.")
          .range(0, 1e3)
          .per_domain(0.5),
      field<T>("graduate_competence", AT(T, graduate_competence), "1",
               "Competence profile of its graduates per domain.")
          .range(0, 1)
          .per_domain(0.3),
  };
  return fields;
}

const std::vector<FieldSpec<Center>>& center_fields() {
  using T = Center;
  static const std::vector<FieldSpec<T>> fields = {
      field<T>("name", AT(T, name), "", "Name (events open and close centers by it).").mandatory(),
      field<T>("cluster", AT(T, cluster), "", "Cluster whose firms are its members.").mandatory(),
      field<T>("kind", AT(T, kind), "",
               "competence_center completes the competences projects lack and brokers "
               "introductions; center_of_excellence does frontier research and transfers it; "
               "advanced_training raises general qualification (after the article on competence "
               "centers of dual-use scientific and industrial clusters).")
          .one_of(names_of(kCenterKindNames)),
      field<T>("active", AT(T, active), "", "Whether it works from the start."),
      field<T>("domains", AT(T, domains), "", "Domains it covers (empty: all)."),
      field<T>("training_capacity", AT(T, training_capacity), "person-months/month",
               "Training it delivers per month.")
          .range(0, 1e6),
      field<T>("brokerage_capacity", AT(T, brokerage_capacity), "introductions/month",
               "Introductions between members per month (competence centers only).")
          .range(0, 1e4),
      field<T>("funding", AT(T, funding), "mln RUB/year",
               "Operating funding; a center of excellence turns it into frontier research.")
          .range(0, 1e6),
  };
  return fields;
}

const std::vector<FieldSpec<Funder>>& funder_fields() {
  using T = Funder;
  static const std::vector<FieldSpec<T>> fields = {
      field<T>("name", AT(T, name), "", "Name (events change budgets by it).").mandatory(),
      field<T>("kind", AT(T, kind), "", funder_kind_meaning()).one_of(names_of(kFunderKindNames)),
      field<T>("annual_budget", AT(T, annual_budget), "mln RUB/year",
               "Budget per calendar year; never exceeded.")
          .range(0, 1e7),
      field<T>("clusters", AT(T, clusters), "", "Clusters eligible (empty: all)."),
      field<T>("min_trl", AT(T, min_trl), "TRL", "Lowest eligible stage.").range(1, 9),
      field<T>("max_trl", AT(T, max_trl), "TRL", "Highest eligible stage.").range(1, 9),
      field<T>("max_share", AT(T, max_share), "1", "Share of a stage's monthly cost granted.")
          .range(0, 1),
      field<T>("cofinancing", AT(T, cofinancing), "1",
               "Share of the cost the firm must cover itself to be eligible (IDF: of the "
               "project's remaining cost, from a year of innovation budget, grants and free cash, "
               "the cash above the target buffer; the Fund lends the rest).")
          .range(0, 1),
      field<T>("sectors", AT(T, sectors), "", "Sectors eligible (empty: all)."),
      field<T>("weight_knowledge", AT(T, weight_knowledge), "1",
               "Score weight of knowledge in the project's main domain (relative to need).")
          .range(0, 100),
      field<T>("weight_competence", AT(T, weight_competence), "1",
               "Score weight of the weakest required competence (relative to need).")
          .range(0, 100),
      field<T>("weight_trl", AT(T, weight_trl), "1", "Score weight of the project's TRL / 9.")
          .range(0, 100),
      field<T>("weight_partners", AT(T, weight_partners), "1",
               "Score weight of the number of partners / partnering.max_partners.")
          .range(0, 100),
      field<T>("call", AT(T, call), "",
               "cluster_subsidy: month of the competition (2012 pilot-cluster call: 2012-08)."),
      field<T>("select", AT(T, select), "programmes",
               "cluster_subsidy: cluster programmes selected (2012: 25 of 94).")
          .range(0, 10000),
      field<T>("services_per_member", AT(T, services_per_member), "mln RUB/year",
               "cluster_subsidy: most a selected cluster's organisation spends a year per member "
               "firm on services (training of members' staff), from what joint projects leave "
               "of the month's allowance. National: 4.9, the 1.9 bn RUB that 13 clusters "
               "applied for in 2013 (HSE ISSEK) over about 30 members each.")
          .range(0, 1000),
      field<T>("cofinanced_by", AT(T, cofinanced_by), "",
               "Name of a regional funder that adds its share to this funder's payments."),
      field<T>("regional_share", AT(T, regional_share), "1",
               "regional: payment added per rouble of the co-financed funder's payment "
               "(2013: 30-70%; 2014: 5-30%).")
          .range(0, 10),
      field<T>("rate", AT(T, rate), "1/year",
               "Loans: fixed part of the rate (IDF 3%, 1% with guarantee; mortgage 5%; "
               "platform 3 points).")
          .range(0, 1),
      field<T>("rate_technology", AT(T, rate_technology), "1/year",
               "industrial_mortgage: rate for technology companies (3%, Decree 1570).")
          .range(0, 1),
      field<T>("rate_key_multiple", AT(T, rate_key_multiple), "1",
               "Loans: times the key rate added to `rate` (cluster platform: 0.3, Decree 295).")
          .range(0, 10),
      field<T>("term_months", AT(T, term_months), "months",
               "Loans: term (IDF up to 60; mortgage up to 84).")
          .range(1, 600),
      field<T>("min_loan", AT(T, min_loan), "mln RUB", "Loans: smallest loan.").range(0, 1e6),
      field<T>("max_loan", AT(T, max_loan), "mln RUB",
               "Loans: largest loan (IDF 100-1000; mortgage 500).")
          .range(0, 1e6),
  };
  return fields;
}

const std::vector<FieldSpec<Event>>& event_fields() {
  using T = Event;
  static const std::vector<FieldSpec<T>> fields = {
      field<T>("name", AT(T, name), "",
               "Optional label, unique among events, not only digits and without dots: "
               "`--set`, `stress --shock` and `sweep --vary` may then write events.NAME.KEY "
               "for events.N.KEY."),
      field<T>("date", AT(T, date), "", "Month the event takes effect (at its start).").mandatory(),
      field<T>("note", AT(T, note), "", "What the event represents."),
      field<T>("open_centers", AT(T, open_centers), "", "Centers that start working."),
      field<T>("close_centers", AT(T, close_centers), "", "Centers that stop working."),
      field<T>("funder", AT(T, funder), "", "Funder whose budget changes."),
      field<T>("funder_budget", AT(T, funder_budget), "mln RUB/year",
               "New annual budget of `funder`, 0 or more; the default -1 means no change "
               "(any other negative value is an error).")
          .range(-1, 1e7),
      field<T>("add_firms_group", AT(T, add_firms_group), "",
               "Firm group (by name) whose profile new firms take."),
      field<T>("add_firms", AT(T, add_firms), "firms", "Firms that enter this month.")
          .range(0, 1e7),
      field<T>("import_cut", AT(T, import_cut), "1",
               "Sanctions package: share of critical imports cut per domain.")
          .range(0, 1)
          .per_domain(0.0),
      field<T>("parallel_markup", AT(T, parallel_markup), "1",
               "Sanctions package: price mark-up of parallel imports per domain.")
          .range(0, 10)
          .per_domain(0.0),
      field<T>("parallel_delay", AT(T, parallel_delay), "months",
               "Sanctions package: months before parallel imports arrive.")
          .range(0, 120),
      field<T>("knowledge_cut", AT(T, knowledge_cut), "1",
               "Sanctions package: cut in foreign knowledge inflow per domain.")
          .range(0, 1)
          .per_domain(0.0),
      field<T>("licence_cut", AT(T, licence_cut), "1",
               "Sanctions package: cut in foreign licences per domain.")
          .range(0, 1)
          .per_domain(0.0),
      field<T>("export_loss", AT(T, export_loss), "1",
               "Sanctions package: share of export markets lost.")
          .range(0, 1),
      field<T>("import_exit", AT(T, import_exit), "1",
               "Sanctions package: share of foreign suppliers of final goods that leave the "
               "domestic markets of every sector (their weight in buyers' choice falls by it; "
               "domestic firms may win the share they leave).")
          .range(0, 1),
      field<T>("severity", AT(T, severity), "1",
               "Sanctions package: multiplies its import, knowledge and licence cuts, its "
               "export loss and its import exit (each capped at 1); mark-ups and delay are "
               "unchanged. One key to "
               "stress a whole package: stress --shock events.N.severity=0:2.")
          .range(0, 100),
  };
  return fields;
}

const std::vector<FieldSpec<KeyRateStep>>& key_rate_fields() {
  using T = KeyRateStep;
  static const std::vector<FieldSpec<T>> fields = {
      field<T>("from", AT(T, from), "", "First month of this rate.").mandatory(),
      field<T>("rate", AT(T, rate), "1/year", "Key rate (Bank of Russia).").range(0, 1).mandatory(),
  };
  return fields;
}

const std::vector<FieldSpec<ExchangeRateStep>>& exchange_rate_fields() {
  using T = ExchangeRateStep;
  static const std::vector<FieldSpec<T>> fields = {
      field<T>("from", AT(T, from), "", "First month of this rate.").mandatory(),
      field<T>("rub_per_usd", AT(T, rub_per_usd), "RUB/USD",
               "Exchange rate (Bank of Russia official rate, monthly or yearly average).")
          .range(0.01, 1e6)
          .mandatory(),
  };
  return fields;
}

const std::vector<FieldSpec<BudgetStep>>& programme_budget_fields() {
  using T = BudgetStep;
  static const std::vector<FieldSpec<T>> fields = {
      field<T>("funder", AT(T, funder), "", "Name of the funder whose budget this sets.")
          .mandatory(),
      field<T>("from", AT(T, from), "", "First month of this budget.").mandatory(),
      field<T>("annual_budget", AT(T, annual_budget), "mln RUB/year",
               "The funder's budget from this month (budget laws and programme decisions, "
               "scaled to the cluster by a rule the scenario states).")
          .range(0, 1e7)
          .mandatory(),
  };
  return fields;
}

const std::vector<FieldSpec<Moratorium>>& moratorium_fields() {
  using T = Moratorium;
  static const std::vector<FieldSpec<T>> fields = {
      field<T>("from", AT(T, from), "", "First month of the moratorium.").mandatory(),
      field<T>("until", AT(T, until), "",
               "First month without it (Decree No. 497 of 28 Mar 2022: from 2022-04 until "
               "2022-10).")
          .mandatory(),
      field<T>("sectors", AT(T, sectors), "",
               "Sectors whose firms it covers (empty: all; Decree 497 covered every firm, the "
               "2020 moratorium of Decree 428 only the sectors listed as most affected, "
               "systemically important and strategic firms)."),
  };
  return fields;
}

const std::vector<FieldSpec<ExploreKey>>& explore_fields() {
  using T = ExploreKey;
  static const std::vector<FieldSpec<T>> fields = {
      field<T>("key", AT(T, key), "",
               "A numeric scenario key (as --set writes it, e.g. parameters.transfer.rate).")
          .mandatory(),
      field<T>("min", AT(T, min), "key's unit", "Lower end of the slider.").range(-1e12, 1e12),
      field<T>("max", AT(T, max), "key's unit", "Upper end of the slider.").range(-1e12, 1e12),
  };
  return fields;
}

const FieldSpec<Scenario>* schedulable_field(std::string_view key) {
  for (const auto& spec : scenario_fields())
    if (spec.schedulable && spec.key == key) return &spec;
  return nullptr;
}

const FieldSpec<LivePolicy>* live_policy_field(std::string_view key) {
  static const std::vector<FieldSpec<LivePolicy>> fields = [] {
    auto f = parameter_fields<LivePolicy>();
    f.push_back(foreign_access_field<LivePolicy>());
    return f;
  }();
  for (const auto& spec : fields)
    if (spec.key == key) return &spec;
  return nullptr;
}

}  // namespace clustersim

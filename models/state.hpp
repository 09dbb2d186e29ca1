#pragma once
// Agent state, one structure of arrays per agent kind. Every array is sized once
// when the world is built (firms to a fixed capacity of slots, alive or not), so
// the month loop never allocates. Per-domain vectors are rows of row-major Eigen
// matrices: one agent's knowledge is contiguous.
#include <cstdint>
#include <vector>

#include <Eigen/Core>

#include "models/kinds.hpp"

namespace clustersim {

using DomainMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

inline constexpr int kNoAgent = -1;
inline constexpr int kMaxRequiredDomains = 8;
inline constexpr int kLoanSlots = 4;        // loans a firm can hold at once
inline constexpr int kCommercialLoan = -1;  // loan_funder of a bank loan

struct FirmState {
  int capacity = 0;       // slots, alive or dead
  int partner_slots = 0;  // link slots per firm
  int domains = 0;

  // Identity and demography.
  std::vector<std::uint8_t> alive;
  std::vector<std::int32_t> cluster, sector, group, born_month;
  std::vector<SizeClass> size_class;
  std::vector<std::uint8_t> dual_use;
  std::vector<std::int16_t> distress_months;  // consecutive months below the cash floor
  std::vector<double> recent_innovations;     // decaying count, about three years

  // Economy (mln RUB per month unless noted).
  std::vector<double> demand_shock;  // log shock to demand for the firm's products (AR(1))
  std::vector<double> employees, productivity, competitiveness, cash, revenue, wage_bill,
      input_costs, rd_intensity, rd_budget, rd_spent, grant_received;

  // Knowledge side.
  DomainMatrix knowledge;                 // knowledge units per domain
  DomainMatrix competence;                // workforce competence per domain, 0..1
  std::vector<double> absorptive;         // absorptive capacity, 0..1
  std::vector<double> training_received;  // person-months this month
  std::vector<double> general_training;   // person-months of general qualification this month

  // Links: partner_slots entries per firm; kNoAgent marks a free slot.
  std::vector<std::int32_t> partner;
  std::vector<double> trust;
  std::vector<std::int32_t> former;       // partner_slots recent ex-partners per firm
  std::vector<std::uint8_t> former_next;  // ring position in `former`
  std::vector<std::int32_t> university;   // contract-research partner or kNoAgent
  std::vector<std::int16_t> contract_months_left;
  std::vector<std::int32_t> introduction;  // candidate a center introduced this month
  std::vector<std::int32_t> proposal;      // scratch: partner proposed this month

  // Innovation project (one at a time); trl 0 means no project.
  std::vector<std::int8_t> project_trl;
  std::vector<ProjectType> project_type;
  std::vector<double> project_progress;  // fraction of the current stage done
  std::vector<std::int16_t> project_stall;
  std::vector<std::int16_t> project_domains;  // kMaxRequiredDomains per firm, -1 unused
  std::vector<std::uint8_t> stage_passed;     // set this month when a stage succeeded
  std::vector<ProjectEvent> project_event;    // what happened to the project this month
  std::vector<std::int8_t> innovated;         // ProjectType + 1 of a completion this month, else 0
  std::vector<std::uint64_t> substitutes;     // bit d: holds an import substitute in domain d

  // Money side. Flows are mln RUB this month; see docs/model.md "Accounts".
  std::vector<double> interest_paid, principal_repaid, loans_received, taxes, investment,
      defence_revenue, export_revenue, shortage_loss, earmarked;
  std::vector<double> availability;  // share of capacity critical inputs allow, this month
  std::vector<double> export_share, defence_share;
  std::vector<std::uint8_t> technology_company;
  DomainMatrix import_dependence;  // share of inputs that are critical imports, per domain
  // Loans: kLoanSlots per firm; months_left 0 marks a free slot.
  std::vector<double> loan_principal, loan_rate, loan_payment;  // rate and payment per month
  std::vector<std::int16_t> loan_months_left;
  std::vector<std::int16_t> loan_funder;  // funder index, or kCommercialLoan

  void resize(int capacity, int partner_slots, int domains);
  std::size_t bytes_per_slot() const;
  std::int32_t* partners_of(int firm) { return partner.data() + std::size_t(firm) * partner_slots; }
  const std::int32_t* partners_of(int firm) const {
    return partner.data() + std::size_t(firm) * partner_slots;
  }
  double* trust_of(int firm) { return trust.data() + std::size_t(firm) * partner_slots; }
  const double* trust_of(int firm) const {
    return trust.data() + std::size_t(firm) * partner_slots;
  }
};

struct UniversityState {
  int count = 0;
  std::vector<std::int32_t> cluster;
  std::vector<std::uint8_t> is_institute;
  std::vector<double> organisations, research_budget, staff, graduates_per_year, tto_strength;
  std::vector<std::int32_t> contract_capacity, contracts_active;
  DomainMatrix frontier, graduate_competence;
  std::vector<std::int32_t> spinoffs;  // this month
};

struct CenterState {
  int count = 0;
  std::vector<CenterKind> kind;
  std::vector<std::int32_t> cluster;
  std::vector<std::uint8_t> active;
  DomainMatrix coverage;  // 1 for domains the center covers, else 0
  DomainMatrix frontier;  // research frontier (centers of excellence)
  std::vector<double> training_capacity, brokerage_capacity, funding;
  std::vector<double> trainings_delivered;  // person-months this month
  std::vector<std::int32_t> introductions;  // this month
};

struct FunderState {
  int count = 0;
  std::vector<FunderKind> kind;
  std::vector<double> annual_budget, spent_this_year, disbursed_total, disbursed_month;
  std::vector<std::int32_t> min_trl, max_trl;
  std::vector<double> max_share, cofinancing;
  std::vector<std::uint8_t> eligible_cluster;  // funders x clusters, 1 eligible
  std::vector<std::uint8_t> eligible_sector;   // funders x sectors, 1 eligible
  std::vector<std::uint8_t> selected_cluster;  // cluster_subsidy: funders x clusters selected
  std::vector<std::int32_t> cofinanced_by;     // index of a regional funder, or kNoAgent
  std::vector<double> loans_outstanding, defaults_total;  // mln RUB
};

}  // namespace clustersim

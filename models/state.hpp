#pragma once
// Agent state, one structure of arrays per agent kind. Every array is sized once
// when the world is built (firms to a fixed capacity of slots, alive or not); a firm's
// partner links and former partners sit in pooled blocks that grow with the links it
// really has (models/slot_pool.hpp), reserved up front, so the month loop allocates only
// when more firms hold larger blocks than ever before. Per-domain vectors are rows of row-major
// Eigen matrices: one agent's knowledge is contiguous.
#include <algorithm>
#include <cstdint>
#include <vector>

#include <Eigen/Core>

#include "models/kinds.hpp"
#include "models/slot_pool.hpp"

namespace clustersim {

using DomainMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

inline constexpr int kNoAgent = -1;
static_assert(kNoAgent == SlotPool::kEmpty);
inline constexpr int kMaxRequiredDomains = 8;
inline constexpr int kLoanSlots = 4;        // loans a firm can hold at once
inline constexpr int kCommercialLoan = -1;  // loan_funder of a bank loan

// Every per-firm array, declared once: X(type, name, values per slot, initial value).
// Declaration, resizing and bytes_per_slot all expand this list; copying is the
// vectors' own. Widths other than 1 hold several entries per firm, contiguous.
#define CLUSTERSIM_FIRM_ARRAYS(X)                                                                 \
  /* Identity and demography. */                                                                  \
  X(std::uint8_t, alive, 1, 0)                                                                    \
  X(std::int32_t, id, 1, kNoAgent) /* persistent within a replication, never reused */            \
  X(std::int32_t, cluster, 1, 0)                                                                  \
  X(std::int32_t, sector, 1, 0)                                                                   \
  X(std::int32_t, group, 1, 0)                                                                    \
  X(std::int32_t, born_month, 1, 0)   /* months simulated before its creation */                  \
  X(std::int32_t, first_column, 1, 0) /* first results column it is alive in */                   \
  X(SizeClass, size_class, 1, SizeClass::sme)                                                     \
  X(std::uint8_t, dual_use, 1, 0)                                                                 \
  X(std::int16_t, distress_months, 1, 0) /* consecutive months below the cash floor */            \
  X(double, recent_innovations, 1, 0.0)  /* decaying count, about three years */                  \
  /* Economy (mln RUB per month unless noted). */                                                 \
  X(double, demand_shock, 1, 0.0) /* log shock to demand (AR(1)) */                               \
  X(double, employees, 1, 0.0)                                                                    \
  X(double, productivity, 1, 0.0)                                                                 \
  X(double, competitiveness, 1, 0.0)                                                              \
  X(double, cash, 1, 0.0)                                                                         \
  X(double, revenue, 1, 0.0)                                                                      \
  X(double, wage_bill, 1, 0.0)                                                                    \
  X(double, input_costs, 1, 0.0)                                                                  \
  X(double, inputs_at_list_prices, 1, 0.0) /* purchased inputs at list prices: imports' base */   \
  X(double, rd_intensity, 1, 0.0)                                                                 \
  X(double, rd_budget, 1, 0.0)                                                                    \
  X(double, rd_spent, 1, 0.0)                                                                     \
  X(double, grant_received, 1, 0.0)                                                               \
  /* Knowledge side (knowledge and competence are matrices below). */                             \
  X(double, absorptive, 1, 0.0)          /* absorptive capacity, 0..1 */                          \
  X(double, training_received, 1, 0.0)   /* person-months this month */                           \
  X(double, general_training, 1, 0.0)    /* person-months of general training */                  \
  X(double, subsidised_training, 1, 0.0) /* bought by cluster subsidies */                        \
  /* Links: blocks of FirmState::links and ::formers (SlotPool); kNoAgent marks a free slot. */   \
  X(std::uint32_t, link_block, 1, 0)   /* offset of its block of partners and trust */            \
  X(std::uint8_t, link_class, 1, 0)    /* the block's size class: SlotPool::capacity */           \
  X(std::uint32_t, former_block, 1, 0) /* offset of its ring of recent ex-partners */             \
  X(std::uint8_t, former_class, 1, 0)                                                             \
  X(std::uint8_t, former_next, 1, 0)       /* next ring position in formers_of */                 \
  X(std::uint8_t, partner_end, 1, 0)       /* links sit below this slot (FirmState::slot_end) */  \
  X(std::int32_t, university, 1, kNoAgent) /* contract-research partner */                        \
  X(std::int16_t, contract_months_left, 1, 0)                                                     \
  X(std::int32_t, introduction, 1, kNoAgent) /* candidate a center introduced */                  \
  X(std::int32_t, proposal, 1, kNoAgent)     /* scratch: partner proposed */                      \
  X(double, proposal_hint, 1, 0.0)           /* scratch: trust hint of the proposal */            \
  /* Innovation project (one at a time); trl 0 means no project. */                               \
  X(std::int8_t, project_trl, 1, 0)                                                               \
  X(ProjectType, project_type, 1, ProjectType::product)                                           \
  X(double, project_progress, 1, 0.0) /* fraction of the current stage done */                    \
  X(std::int16_t, project_stall, 1, 0)                                                            \
  X(std::uint8_t, project_unfunded, 1, 0) /* this month's stage waited for money */               \
  X(std::int16_t, project_domains, kMaxRequiredDomains, -1) /* -1 unused */                       \
  X(std::uint8_t, stage_passed, 1, 0) /* set this month when a stage succeeded */                 \
  X(ProjectEvent, project_event, 1, ProjectEvent::none)                                           \
  X(std::int8_t, event_stage, 1, 0)    /* TRL of this month's stage trial or event */             \
  X(std::int8_t, innovated, 1, 0)      /* ProjectType + 1 of a completion, else 0 */              \
  X(std::uint8_t, project_joint, 1, 0) /* a consortium member adds to the project */              \
  X(std::uint64_t, substitutes, 1, 0)  /* bit d: holds an import substitute in d */               \
  X(std::uint64_t, adopted, 1, 0)      /* bit d: uses the process technology of d */              \
  X(std::uint64_t, adoption_new, 1, 0) /* scratch: technologies adopted this month */             \
  /* Money side: flows are mln RUB this month (docs/model.md "Accounts"). */                      \
  X(double, interest_paid, 1, 0.0)                                                                \
  X(double, principal_repaid, 1, 0.0)                                                             \
  X(double, loans_received, 1, 0.0)                                                               \
  X(double, taxes, 1, 0.0)                                                                        \
  X(double, investment, 1, 0.0)                                                                   \
  X(double, defence_revenue, 1, 0.0)                                                              \
  X(double, export_revenue, 1, 0.0)                                                               \
  X(double, output_volume, 1, 0.0) /* real output this month: domestic sales, exports, defence */ \
  X(double, shortage_loss, 1, 0.0)                                                                \
  X(double, earmarked, 1, 0.0)                                                                    \
  X(double, stage_credit, 1, 0.0) /* bank credit for a scale-up stage, this month */              \
  X(double, availability, 1, 1.0) /* share of capacity critical inputs allow */                   \
  X(double, export_share, 1, 0.0)                                                                 \
  X(double, defence_share, 1, 0.0)                                                                \
  X(std::uint8_t, technology_company, 1, 0)                                                       \
  /* Loans: kLoanSlots per firm; months_left 0 marks a free slot. */                              \
  X(double, loan_principal, kLoanSlots, 0.0)                                                      \
  X(double, loan_rate, kLoanSlots, 0.0)    /* per month */                                        \
  X(double, loan_payment, kLoanSlots, 0.0) /* per month */                                        \
  X(std::int16_t, loan_months_left, kLoanSlots, 0)                                                \
  X(std::int16_t, loan_funder, kLoanSlots, kCommercialLoan) /* or a funder index */               \
  /* Owners, capital and investment (issue 9; docs/model.md "Accounts and credit"). */            \
  X(double, capital, 1, 0.0)           /* mln RUB of productive capital (capacity) */             \
  X(double, dividends, 1, 0.0)         /* paid to owners this month */                            \
  X(double, investment_gap, 1, 0.0)    /* scratch: investment left for credit */                  \
  X(double, debt_cost, 1, 0.0)         /* loan payments / capacity: unit-cost share */            \
  X(double, profit_margin, 1, 0.0)     /* smoothed net profit / sales (12-month EMA) */           \
  X(std::int16_t, margin_months, 1, 0) /* months of accounts in profit_margin */                  \
  /* Working capital and cost heterogeneity (docs/model.md 3.7, 3.10). */                         \
  X(double, receivables, 1, 0.0)        /* sales customers have not paid yet */                   \
  X(double, receivables_change, 1, 0.0) /* sales less collections this month */                   \
  X(double, credit_line, 1, 0.0)        /* revolving working-capital loan */                      \
  X(double, cost_shock, 1, 0.0)         /* log unit-cost (TFP) shock, AR(1) */                    \
  /* Dual use (docs/model.md 3.3): defence capacity freed, not yet converted. */                  \
  X(double, idle_defence, 1, 0.0) /* mln RUB/month at price 1 */

// Per-domain matrices of firms (rows are firms): knowledge units, workforce
// competence 0..1, and the share of inputs that are critical imports.
#define CLUSTERSIM_FIRM_MATRICES(M) M(knowledge) M(competence) M(import_dependence)

// Most links a firm may hold: partnering.max_partners' bound in the schema, the clamp of
// partner_slots, and what partnering's lookups are sized for (two 64-bit words of slots,
// slot + 1 in a byte).
inline constexpr int kMaxPartnerSlots = 128;

struct FirmState {
  int capacity = 0;       // slots, alive or dead
  int partner_slots = 0;  // links a firm may hold at most
  int domains = 0;
  // Entries reserved per firm slot in each pool when the world is built: blocks of the
  // first size class for every slot, so a world whose firms hold few links never grows them.
  static constexpr int kReservedEntries = 4;

#define CLUSTERSIM_DECLARE_ARRAY(type, name, width, initial) std::vector<type> name;
  CLUSTERSIM_FIRM_ARRAYS(CLUSTERSIM_DECLARE_ARRAY)
#undef CLUSTERSIM_DECLARE_ARRAY
#define CLUSTERSIM_DECLARE_MATRIX(name) DomainMatrix name;
  CLUSTERSIM_FIRM_MATRICES(CLUSTERSIM_DECLARE_MATRIX)
#undef CLUSTERSIM_DECLARE_MATRIX
  // Partner ids, trust and a scratch byte (partners a link's ends share) per link slot;
  // and the ring of recent ex-partners, up to partner_slots of them.
  SlotPool links, formers;

  // Calls array(vector, values per slot, initial value) for every per-firm array and
  // matrix(m) for every per-domain matrix.
  template <class ArrayVisitor, class MatrixVisitor>
  void for_each_array(ArrayVisitor&& array, MatrixVisitor&& matrix) {
#define CLUSTERSIM_VISIT_ARRAY(type, name, width, initial) \
  array(name, std::size_t(width), static_cast<type>(initial));
    CLUSTERSIM_FIRM_ARRAYS(CLUSTERSIM_VISIT_ARRAY)
#undef CLUSTERSIM_VISIT_ARRAY
#define CLUSTERSIM_VISIT_MATRIX(name) matrix(name);
    CLUSTERSIM_FIRM_MATRICES(CLUSTERSIM_VISIT_MATRIX)
#undef CLUSTERSIM_VISIT_MATRIX
  }

  void resize(int capacity, int partner_slots, int domains);
  // Bytes per slot: the arrays above, and the pools' reserved entries spread over the slots.
  std::size_t bytes_per_slot() const;
  // What bytes_per_slot() will be after resize(n, partner_slots, domains), known before
  // anything is allocated (for the memory estimate): the pools as reserved.
  static std::size_t bytes_per_slot(int partner_slots, int domains) {
    std::size_t total = 0;
#define CLUSTERSIM_ADD_ARRAY_BYTES(type, name, width, initial) \
  total += sizeof(type) * std::size_t(width);
    CLUSTERSIM_FIRM_ARRAYS(CLUSTERSIM_ADD_ARRAY_BYTES)
#undef CLUSTERSIM_ADD_ARRAY_BYTES
#define CLUSTERSIM_ADD_MATRIX_BYTES(name) total += sizeof(double) * std::size_t(domains);
    CLUSTERSIM_FIRM_MATRICES(CLUSTERSIM_ADD_MATRIX_BYTES)
#undef CLUSTERSIM_ADD_MATRIX_BYTES
    return total + reserved_entries(partner_slots) *
                       (SlotPool::entry_bytes(true) + SlotPool::entry_bytes(false));
  }
  static std::size_t reserved_entries(int partner_slots) {
    return std::size_t(std::min(kReservedEntries, partner_slots));
  }

  // A firm's link slots: partners_of(i)[s] and trust_of(i)[s] for s below link_capacity(i).
  // Pointers stay valid until a block grows (reserve_links, reserve_former): link formation
  // and demography, which run in sequential code.
  std::int32_t* partners_of(int firm) {
    return links.ids.data() + link_block[std::size_t(firm)];
  }
  const std::int32_t* partners_of(int firm) const {
    return links.ids.data() + link_block[std::size_t(firm)];
  }
  double* trust_of(int firm) {
    return links.values.data() + link_block[std::size_t(firm)];
  }
  const double* trust_of(int firm) const {
    return links.values.data() + link_block[std::size_t(firm)];
  }
  std::uint8_t* shared_of(int firm) {
    return links.marks.data() + link_block[std::size_t(firm)];
  }
  int link_capacity(int firm) const {
    return links.capacity(link_class[std::size_t(firm)]);
  }
  // Makes room for link slots 0..entries-1 (entries at most partner_slots), keeping the
  // links in their slots. Moves the block: pointers into the pool become invalid.
  void reserve_links(int firm, int entries) {
    const auto n = std::size_t(firm);
    links.reserve(link_block[n], link_class[n], entries);
  }
  // Ex-partners, oldest first until the ring wraps: formers_of(i)[r], r below
  // former_capacity(i); entries not yet written are kNoAgent.
  std::int32_t* formers_of(int firm) {
    return formers.ids.data() + former_block[std::size_t(firm)];
  }
  const std::int32_t* formers_of(int firm) const {
    return formers.ids.data() + former_block[std::size_t(firm)];
  }
  int former_capacity(int firm) const {
    return formers.capacity(former_class[std::size_t(firm)]);
  }
  void reserve_former(int firm, int entries) {
    const auto n = std::size_t(firm);
    formers.reserve(former_block[n], former_class[n], entries);
  }
  // Frees a slot's blocks (the firm left; a new firm starts with none).
  void release_links_and_former(int firm) {
    const auto n = std::size_t(firm);
    links.release(link_block[n], link_class[n]);
    formers.release(former_block[n], former_class[n]);
    partner_end[n] = 0;
    former_next[n] = 0;
  }
  // One past the highest slot that may hold a link: loops over a firm's links stop here.
  // Links fill the lowest free slot, so with mean degrees far below partner_slots this
  // skips most of the empty slots; every slot at or above it (up to link_capacity) is
  // kNoAgent.
  int slot_end(int firm) const {
    return partner_end[std::size_t(firm)];
  }
  // Keeps slot_end above slot s, which is about to hold a link.
  void note_link_slot(int firm, int s) {
    auto& end = partner_end[std::size_t(firm)];
    end = static_cast<std::uint8_t>(std::max<int>(end, s + 1));
  }
  // Lowers slot_end past trailing empty slots (after links were dropped).
  void trim_slot_end(int firm) {
    const auto* partners = partners_of(firm);
    int end = slot_end(firm);
    while (end > 0 && partners[end - 1] == kNoAgent) --end;
    partner_end[std::size_t(firm)] = static_cast<std::uint8_t>(end);
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
  std::vector<double> orders_last;  // defence_orders: bought last month, mln RUB
};

}  // namespace clustersim

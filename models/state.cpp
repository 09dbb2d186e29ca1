#include "models/state.hpp"

namespace clustersim {

void FirmState::resize(int n, int slots, int d) {
  capacity = n;
  partner_slots = slots;
  domains = d;
  const auto size = static_cast<std::size_t>(n);
  alive.assign(size, 0);
  cluster.assign(size, 0);
  sector.assign(size, 0);
  group.assign(size, 0);
  born_month.assign(size, 0);
  size_class.assign(size, SizeClass::sme);
  dual_use.assign(size, 0);
  distress_months.assign(size, 0);
  recent_innovations.assign(size, 0.0);
  demand_shock.assign(size, 0.0);
  for (auto* v : {&employees, &productivity, &competitiveness, &cash, &revenue, &wage_bill,
                  &input_costs, &rd_intensity, &rd_budget, &rd_spent, &grant_received, &absorptive,
                  &training_received, &general_training, &project_progress})
    v->assign(size, 0.0);
  knowledge.setZero(n, d);
  competence.setZero(n, d);
  partner.assign(size * slots, kNoAgent);
  trust.assign(size * slots, 0.0);
  former.assign(size * slots, kNoAgent);
  former_next.assign(size, 0);
  university.assign(size, kNoAgent);
  contract_months_left.assign(size, 0);
  introduction.assign(size, kNoAgent);
  proposal.assign(size, kNoAgent);
  project_trl.assign(size, 0);
  project_type.assign(size, ProjectType::product);
  project_stall.assign(size, 0);
  project_domains.assign(size * kMaxRequiredDomains, -1);
  stage_passed.assign(size, 0);
  project_event.assign(size, ProjectEvent::none);
  innovated.assign(size, 0);
  substitutes.assign(size, 0);
  for (auto* v :
       {&interest_paid, &principal_repaid, &loans_received, &taxes, &investment, &defence_revenue,
        &export_revenue, &shortage_loss, &earmarked, &export_share, &defence_share})
    v->assign(size, 0.0);
  technology_company.assign(size, 0);
  availability.assign(size, 1.0);
  import_dependence.setZero(n, d);
  const auto loans = size * kLoanSlots;
  loan_principal.assign(loans, 0.0);
  loan_rate.assign(loans, 0.0);
  loan_payment.assign(loans, 0.0);
  loan_months_left.assign(loans, 0);
  loan_funder.assign(loans, kCommercialLoan);
}

std::size_t FirmState::bytes_per_slot() const {
  std::size_t total = 0;
  auto add = [&total](const auto&... arrays) {
    ((total += static_cast<std::size_t>(arrays.size()) * sizeof(*arrays.data())), ...);
  };
  add(alive, cluster, sector, group, born_month, size_class, dual_use, distress_months,
      recent_innovations);
  add(demand_shock);
  add(employees, productivity, competitiveness, cash, revenue, wage_bill, input_costs, rd_intensity,
      rd_budget, rd_spent, grant_received);
  add(knowledge, competence, absorptive, training_received, general_training);
  add(partner, trust, former, former_next, university, contract_months_left, introduction,
      proposal);
  add(project_trl, project_type, project_progress, project_stall, project_domains, stage_passed,
      project_event, innovated, substitutes);
  add(interest_paid, principal_repaid, loans_received, taxes, investment, defence_revenue,
      export_revenue, shortage_loss, earmarked, availability, export_share, defence_share,
      technology_company, import_dependence);
  add(loan_principal, loan_rate, loan_payment, loan_months_left, loan_funder);
  return capacity > 0 ? total / static_cast<std::size_t>(capacity) : 0;
}

}  // namespace clustersim

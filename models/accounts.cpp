// Accounts and credit. STUB to be completed: keeps the behaviour before the money
// side (no taxes, no credit).
#include <algorithm>
#include <cmath>

#include "models/metrics.hpp"
#include "models/money.hpp"

namespace clustersim {

double annuity_payment(double principal, double monthly_rate, int months) {
  if (months <= 0) return principal;
  if (monthly_rate <= 0) return principal / months;
  return principal * monthly_rate / (1.0 - std::pow(1.0 + monthly_rate, -months));
}

bool take_loan(World& world, int i, double principal, double annual_rate, int months, int funder) {
  auto& f = world.firms;
  const auto base = std::size_t(i) * kLoanSlots;
  for (std::size_t k = base; k < base + kLoanSlots; ++k) {
    if (f.loan_months_left[k] > 0) continue;
    const double rate = annual_rate / 12.0;
    f.loan_principal[k] = principal;
    f.loan_rate[k] = rate;
    f.loan_payment[k] = annuity_payment(principal, rate, months);
    f.loan_months_left[k] = static_cast<std::int16_t>(months);
    f.loan_funder[k] = static_cast<std::int16_t>(funder);
    f.loans_received[std::size_t(i)] += principal;
    f.cash[std::size_t(i)] += principal;
    return true;
  }
  return false;
}

void service_loans(World& /*world*/) {}

void settle_accounts(World& world, int i) {
  auto& f = world.firms;
  const auto n = std::size_t(i);
  f.cash[n] += f.revenue[n] - f.input_costs[n] - f.wage_bill[n] - f.rd_spent[n] +
               f.grant_received[n];
  f.rd_budget[n] = f.cash[n] > 0 ? f.rd_intensity[n] * f.revenue[n] : 0.0;
}

void borrow_commercially(World& /*world*/) {}

void default_loans(World& /*world*/, int /*i*/) {}

MetricGroup accounts_metrics() {
  return {{}, [](const World&, double*) {}};
}

}  // namespace clustersim

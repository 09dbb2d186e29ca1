#pragma once
// Internal to the public instruments (models/finance/instruments.cpp, grants and cluster
// subsidies; models/finance/instruments_loans.cpp, soft loans, defence orders and metrics):
// the rules both halves share. The model's interface stays models/finance/money.hpp.
#include <cstddef>

#include "models/world.hpp"

namespace clustersim::instruments {

inline constexpr double kMaxTrl = 9.0;

// What is left of funder k's annual budget.
double budget_left(const FunderState& funders, std::size_t k);
// Funder k takes applications from firm n's cluster and sector.
bool eligible(const World& world, std::size_t k, std::size_t n);
// Number of partners firm i has now.
int partners(const World& world, int i);
// An application's score with the funder's weights (see instruments.cpp).
double firm_score(const World& world, const Funder& terms, int i);
// Records a payment of `amount` by funder k as public money.
void count_payment(World& world, std::size_t k, double amount);
// Sorts the first `count` of world.scratch.ids by descending score, ties to the lower id.
void rank(World& world, int count);
// Soft loans of funder k (kinds idf_loan, industrial_mortgage, cluster_platform).
void run_soft_loans(World& world, std::size_t k);

}  // namespace clustersim::instruments

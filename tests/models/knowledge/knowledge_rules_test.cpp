#include "models/knowledge/knowledge_rules.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace clustersim::rules {
namespace {

TEST(DistanceEffect, is_zero_at_distance_zero_and_at_twice_the_optimum) {
  EXPECT_DOUBLE_EQ(distance_effect(0.0, 0.35), 0.0);
  EXPECT_DOUBLE_EQ(distance_effect(0.7, 0.35), 0.0);
  EXPECT_DOUBLE_EQ(distance_effect(0.95, 0.35), 0.0);
}

TEST(DistanceEffect, peaks_at_one_at_the_optimal_distance) {
  EXPECT_DOUBLE_EQ(distance_effect(0.35, 0.35), 1.0);
  EXPECT_DOUBLE_EQ(distance_effect(0.2, 0.2), 1.0);
}

TEST(DistanceEffect, increases_up_to_the_optimum_then_decreases) {
  const double optimal = 0.4;
  double previous = distance_effect(0.0, optimal);
  for (int k = 1; k <= 40; ++k) {
    const double value = distance_effect(0.01 * k, optimal);
    EXPECT_GT(value, previous) << "distance " << 0.01 * k;
    previous = value;
  }
  for (int k = 41; k <= 80; ++k) {
    const double value = distance_effect(0.01 * k, optimal);
    EXPECT_LT(value, previous) << "distance " << 0.01 * k;
    previous = value;
  }
}

// Knowledge in a domain relative to the strongest: 1 there, 0 for a firm without knowledge.
TEST(RelativeStrength, is_the_share_of_the_strongest_level_and_zero_without_knowledge) {
  EXPECT_DOUBLE_EQ(rules::relative_strength(0.4, 0.8), 0.5);
  EXPECT_DOUBLE_EQ(rules::relative_strength(0.8, 0.8), 1.0);
  EXPECT_DOUBLE_EQ(rules::relative_strength(0.0, 0.0), 0.0);
}

TEST(CognitiveDistance, is_zero_for_parallel_and_one_for_orthogonal_vectors) {
  Eigen::Vector3d a(1.0, 2.0, 0.5), b = 3.0 * a;
  EXPECT_NEAR(cognitive_distance(a, b), 0.0, 1e-12);
  Eigen::Vector3d x(1.0, 0.0, 0.0), y(0.0, 2.0, 0.0);
  EXPECT_NEAR(cognitive_distance(x, y), 1.0, 1e-12);
  // In between for partly overlapping profiles, and a zero vector is far from all.
  Eigen::Vector3d z(1.0, 1.0, 0.0);
  const double mid = cognitive_distance(x, z);
  EXPECT_GT(mid, 0.0);
  EXPECT_LT(mid, 1.0);
  EXPECT_DOUBLE_EQ(cognitive_distance(x, Eigen::Vector3d::Zero()), 1.0);
}

TEST(TransferGain, is_zero_when_the_source_is_behind_or_level) {
  EXPECT_EQ(transfer_gain(0.05, 0.8, 0.9, 1.0, 1.0, 0.5, 0.7), 0.0);
  EXPECT_EQ(transfer_gain(0.05, 0.8, 0.9, 1.0, 1.0, 0.7, 0.7), 0.0);
}

TEST(TransferGain, is_zero_without_trust_or_rate_and_proportional_to_the_gap) {
  EXPECT_EQ(transfer_gain(0.05, 0.8, 0.0, 1.0, 1.0, 2.0, 0.5), 0.0);
  EXPECT_EQ(transfer_gain(0.0, 0.8, 0.9, 1.0, 1.0, 2.0, 0.5), 0.0);
  const double one = transfer_gain(0.05, 0.8, 0.9, 0.5, 0.7, 1.5, 0.5);
  EXPECT_NEAR(one, 0.05 * 0.8 * 0.9 * 0.5 * 0.7 * 1.0, 1e-15);
  EXPECT_NEAR(transfer_gain(0.05, 0.8, 0.9, 0.5, 0.7, 2.5, 0.5), 2.0 * one, 1e-15);
}

TEST(GeographicDecay, is_one_at_zero_and_halves_every_half_distance) {
  EXPECT_DOUBLE_EQ(geographic_decay(0.0, 1200.0), 1.0);
  EXPECT_NEAR(geographic_decay(1200.0, 1200.0), 0.5, 1e-12);
  EXPECT_NEAR(geographic_decay(2400.0, 1200.0), 0.25, 1e-12);
  EXPECT_NEAR(geographic_decay(3000.0, 1200.0) / geographic_decay(1800.0, 1200.0), 0.5, 1e-12);
}

TEST(Haversine, moscow_to_st_petersburg_is_about_630_km) {
  const double km = haversine_km(55.7558, 37.6173, 59.9343, 30.3351);
  EXPECT_NEAR(km, 634.0, 10.0);
  EXPECT_NEAR(haversine_km(59.9343, 30.3351, 55.7558, 37.6173), km, 1e-9);
  EXPECT_DOUBLE_EQ(haversine_km(56.5, 85.0, 56.5, 85.0), 0.0);
  // A quarter of the meridian: pole to equator.
  EXPECT_NEAR(haversine_km(0.0, 0.0, 90.0, 0.0), 6371.0 * M_PI / 2, 1e-6);
}

TEST(AbsorptiveCapacity, stays_in_unit_interval_and_grows_with_both_inputs) {
  const double from_rd = 8.0, from_competence = 1.5;
  EXPECT_DOUBLE_EQ(absorptive_capacity(0.0, 0.0, from_rd, from_competence), 0.0);
  for (double rd : {0.0, 0.02, 0.05, 0.1, 0.3, 1.0}) {
    for (double competence : {0.0, 0.2, 0.5, 0.8, 1.0}) {
      const double a = absorptive_capacity(rd, competence, from_rd, from_competence);
      EXPECT_GE(a, 0.0);
      EXPECT_LT(a, 1.0);
      EXPECT_GT(absorptive_capacity(rd + 0.01, competence, from_rd, from_competence), a);
      EXPECT_GT(absorptive_capacity(rd, competence + 0.05, from_rd, from_competence), a);
    }
  }
}

TEST(RdKnowledgeGain, is_zero_without_spending_and_has_diminishing_returns) {
  EXPECT_EQ(rd_knowledge_gain(0.0, 0.02, 0.5), 0.0);
  EXPECT_EQ(rd_knowledge_gain(-1.0, 0.02, 0.5), 0.0);
  double previous_gain = 0, previous_step = 1e9;
  for (int k = 1; k <= 20; ++k) {
    const double gain = rd_knowledge_gain(0.25 * k, 0.02, 0.5);
    const double step = gain - previous_gain;
    EXPECT_GT(step, 0.0);            // more money, more knowledge
    EXPECT_LT(step, previous_step);  // but each extra rouble adds less
    previous_gain = gain;
    previous_step = step;
  }
}

TEST(MonthlyRetention, compounds_to_the_annual_depreciation) {
  for (double annual : {0.0, 0.05, 0.15, 0.5}) {
    const double monthly = monthly_retention(annual);
    EXPECT_LE(monthly, 1.0);
    EXPECT_NEAR(std::pow(monthly, 12), 1.0 - annual, 1e-12);
  }
}

}  // namespace
}  // namespace clustersim::rules

#pragma once
// Joint projects (consortia, as in SKIN and INFSO-SKIN): a firm's project draws on
// the partners it trusts at least `consortium.min_trust`; per required domain the
// project uses the larger of the firm's own level and a share of a member's:
// `consortium.pool_share` of its competence, and that share times the firm's absorptive
// capacity of its knowledge (Cohen and Levinthal 1990). docs/model.md, section
// "Innovation", gives the rules and sources.
#include "models/innovation/innovation_rules.hpp"
#include "models/world.hpp"

namespace clustersim {

// Share of a member's competence the consortium of firm i can use.
inline double competence_pool_share(const World& world, int /*i*/) {
  return world.parameters().consortium_pool_share;
}

// Share of a member's knowledge firm i can use: using a partner's knowledge takes
// absorptive capacity, as learning from it does (Cohen and Levinthal 1990).
inline double knowledge_pool_share(const World& world, int i) {
  return world.parameters().consortium_pool_share * world.firms.absorptive[std::size_t(i)];
}

// Pooled level of `matrix` (knowledge or competence) in domain d for firm i's consortium,
// counting `share` of each member's level.
template <class Matrix>
double pooled_level(const World& world, const Matrix& matrix, int i, int d, double share) {
  const auto& f = world.firms;
  const auto& p = world.parameters();
  double level = matrix(i, d);
  const auto* partners = f.partners_of(i);
  const auto* trust = f.trust_of(i);
  for (int s = 0; s < f.slot_end(i); ++s) {
    const int j = partners[s];
    if (j == kNoAgent || trust[s] < p.consortium_min_trust || !f.alive[std::size_t(j)]) continue;
    level = rules::pooled(level, matrix(j, d), share);
  }
  return level;
}

inline double pooled_knowledge(const World& world, int i, int d) {
  return pooled_level(world, world.firms.knowledge, i, d, knowledge_pool_share(world, i));
}

inline double pooled_competence(const World& world, int i, int d) {
  return pooled_level(world, world.firms.competence, i, d, competence_pool_share(world, i));
}

// Whether partner j, linked to i with `trust`, adds to i's current (or last) project:
// it is trusted enough and its pooled share beats i's own knowledge or competence in
// a required domain.
inline bool member_adds(const World& world, int i, int j, double trust) {
  const auto& f = world.firms;
  const auto& p = world.parameters();
  if (trust < p.consortium_min_trust) return false;
  const auto* required = f.project_domains.data() + std::size_t(i) * kMaxRequiredDomains;
  for (int r = 0; r < kMaxRequiredDomains; ++r) {
    const int d = required[r];
    if (d < 0) continue;
    if (knowledge_pool_share(world, i) * f.knowledge(j, d) > f.knowledge(i, d) ||
        competence_pool_share(world, i) * f.competence(j, d) > f.competence(i, d))
      return true;
  }
  return false;
}

// Mean over the project's required domains of pooled knowledge relative to the world
// frontier in that domain.
inline double project_relative_knowledge(const World& world, int i) {
  const auto& f = world.firms;
  const auto& frontier = world.environment.foreign_frontier;
  const auto* required = f.project_domains.data() + std::size_t(i) * kMaxRequiredDomains;
  double sum = 0;
  int count = 0;
  for (int r = 0; r < kMaxRequiredDomains; ++r) {
    const int d = required[r];
    if (d < 0) continue;
    const double level = frontier[std::size_t(d)];
    sum += level > 0 ? pooled_knowledge(world, i, d) / level : 0.0;
    ++count;
  }
  return count > 0 ? sum / count : 0.0;
}

// Mean over domains of a firm's own knowledge relative to the world frontier.
inline double own_relative_knowledge(const World& world, int i) {
  const auto& f = world.firms;
  const auto& frontier = world.environment.foreign_frontier;
  double sum = 0;
  for (int d = 0; d < f.domains; ++d) {
    const double level = frontier[std::size_t(d)];
    sum += level > 0 ? f.knowledge(i, d) / level : 0.0;
  }
  return f.domains > 0 ? sum / f.domains : 0.0;
}

}  // namespace clustersim

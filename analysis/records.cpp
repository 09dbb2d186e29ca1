#include "analysis/records.hpp"

namespace clustersim {

DatasetGroup to_datasets(const StressRecord& s) {
  const std::uint64_t values = s.shock.size(), replications = std::uint64_t(s.replications);
  DatasetGroup group;
  group.add("shock", s.shock);
  group.add("crossing_share", s.crossing_share);
  group.add("crossed", s.crossed, "", {replications, values});
  group.add("observed", s.observed, "", {replications, values});
  group.add("breaking_point", s.breaking_point);
  group.attribute("key", s.key);
  group.attribute("metric", s.metric);
  group.attribute("direction", s.direction);
  for (const auto& [name, value] : {std::pair<const char*, double>{"threshold", s.threshold},
                                    {"low", s.low},
                                    {"high", s.high},
                                    {"tolerance", s.tolerance},
                                    {"estimate", s.estimate},
                                    {"mean", s.mean},
                                    {"ci_low", s.ci_low},
                                    {"ci_high", s.ci_high}})
    group.attribute(name, value);
  for (const auto& [name, value] : {std::pair<const char*, std::int32_t>{"within", s.within},
                                    {"relative", s.relative ? 1 : 0},
                                    {"points", s.points},
                                    {"refine", s.refine},
                                    {"censored", s.censored},
                                    {"at_low", s.at_low},
                                    {"non_monotone", s.non_monotone}})
    group.attribute(name, value);
  return group;
}

DatasetGroup to_datasets(const SweepRecord& s) {
  const std::uint64_t keys = s.keys.size(), replications = std::uint64_t(s.replications);
  DatasetGroup group;
  group.add("key", s.keys);
  group.add("low", s.low);
  group.add("high", s.high);
  group.add("baseline", s.baseline);
  group.add("at_low", s.at_low, "", {keys, replications});
  group.add("at_high", s.at_high, "", {keys, replications});
  group.add("effect", s.effect);
  group.add("effect_low", s.effect_low);
  group.add("effect_high", s.effect_high);
  group.attribute("metric", s.metric);
  group.attribute("month", s.label);
  return group;
}

}  // namespace clustersim

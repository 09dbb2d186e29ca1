#pragma once
// Metrics declared together with their values. A group gathers what it needs from
// the world in one pass, then each metric computes its value from that; name, units,
// kind, range, description and value sit side by side, never in two lists matched by
// position. The range is not optional: whoever adds a metric says what values it takes.
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "sim/metric_table.hpp"
#include "sim/simulation.hpp"

namespace clustersim {

template <class World>
struct MetricGroup {
  std::vector<MetricInfo> infos;
  std::function<Recorder<World>()> make_recorder;  // one per replication
};

// `Gathered` holds one pass's sums and any work arrays (sized on first use, so a
// steady-state month allocates nothing).
template <class World, class Gathered>
class MetricGroupBuilder {
 public:
  using Value = std::function<double(const World&, const Gathered&)>;
  using Gather = std::function<void(const World&, Gathered&)>;

  MetricGroupBuilder& add(std::string name, std::string units, MetricKind kind, MetricRange range,
                          std::string description, Value value) {
    infos_.push_back({std::move(name), std::move(units), std::move(description), kind, range});
    values_.push_back(std::move(value));
    return *this;
  }

  MetricGroup<World> build(Gather gather) && {
    auto values = std::make_shared<const std::vector<Value>>(std::move(values_));
    auto make_recorder = [gather = std::move(gather), values]() -> Recorder<World> {
      auto gathered = std::make_shared<Gathered>();
      return [gather, values, gathered](const World& world, double* row) {
        gather(world, *gathered);
        for (std::size_t m = 0; m < values->size(); ++m) row[m] = (*values)[m](world, *gathered);
      };
    };
    return {std::move(infos_), std::move(make_recorder)};
  }

 private:
  std::vector<MetricInfo> infos_;
  std::vector<Value> values_;
};

// Groups recorded one after another into one row.
template <class World>
MetricGroup<World> concatenate(std::vector<MetricGroup<World>> groups) {
  MetricGroup<World> all;
  for (const auto& group : groups)
    all.infos.insert(all.infos.end(), group.infos.begin(), group.infos.end());
  auto shared = std::make_shared<const std::vector<MetricGroup<World>>>(std::move(groups));
  all.make_recorder = [shared]() -> Recorder<World> {
    std::vector<std::pair<Recorder<World>, std::size_t>> parts;
    for (const auto& group : *shared) parts.emplace_back(group.make_recorder(), group.infos.size());
    return [parts = std::move(parts)](const World& world, double* row) {
      for (const auto& [record, width] : parts) {
        record(world, row);
        row += width;
      }
    };
  };
  return all;
}

}  // namespace clustersim

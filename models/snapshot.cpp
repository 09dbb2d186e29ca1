#include "models/snapshot.hpp"

#include <algorithm>

namespace clustersim {
namespace {

DatasetGroup firm_table(const FirmState& f) {
  std::vector<std::int32_t> ids, cluster, sector, trl;
  std::vector<double> employees, cash, revenue, absorptive, knowledge, competence;
  for (int i = 0; i < f.capacity; ++i) {
    const auto n = std::size_t(i);
    if (!f.alive[n]) continue;
    ids.push_back(i);
    cluster.push_back(f.cluster[n]);
    sector.push_back(f.sector[n]);
    trl.push_back(f.project_trl[n]);
    employees.push_back(f.employees[n]);
    cash.push_back(f.cash[n]);
    revenue.push_back(f.revenue[n]);
    absorptive.push_back(f.absorptive[n]);
    for (int d = 0; d < f.domains; ++d) {
      knowledge.push_back(f.knowledge(i, d));
      competence.push_back(f.competence(i, d));
    }
  }
  const std::vector<std::uint64_t> by_domain{ids.size(), std::uint64_t(f.domains)};
  DatasetGroup firms;
  firms.add("id", std::move(ids), "slot");
  firms.add("cluster", std::move(cluster), "index into [[clusters]]");
  firms.add("sector", std::move(sector), "index into [[sectors]]");
  firms.add("project_trl", std::move(trl), "TRL (0: no project)");
  firms.add("employees", std::move(employees), "persons");
  firms.add("cash", std::move(cash), "mln RUB");
  firms.add("revenue", std::move(revenue), "mln RUB/month");
  firms.add("absorptive_capacity", std::move(absorptive), "1");
  firms.add("knowledge", std::move(knowledge), "knowledge units", by_domain);
  firms.add("competence", std::move(competence), "1", by_domain);
  return firms;
}

DatasetGroup network_table(const FirmState& f) {
  std::vector<std::int32_t> edges;
  std::vector<double> trust;
  for (int i = 0; i < f.capacity; ++i) {
    if (!f.alive[std::size_t(i)]) continue;
    const auto* partners = f.partners_of(i);
    const auto* trusts = f.trust_of(i);
    for (int s = 0; s < f.partner_slots; ++s) {
      if (partners[s] > i) {  // each undirected link once
        edges.push_back(i);
        edges.push_back(partners[s]);
        trust.push_back(trusts[s]);
      }
    }
  }
  const std::uint64_t links = trust.size();
  DatasetGroup network;
  network.add("edges", std::move(edges), "firm id", {links, 2});
  network.add("trust", std::move(trust), "1");
  return network;
}

}  // namespace

DatasetGroup capture_snapshot(const World& world) {
  DatasetGroup snapshot;
  snapshot.children.emplace_back("firms", firm_table(world.firms));
  snapshot.children.emplace_back("network", network_table(world.firms));
  return snapshot;
}

bool is_snapshot_month(const Scenario& scenario, const World& world, int t) {
  const auto& wanted = scenario.output.snapshots;
  return t > 0 && std::find(wanted.begin(), wanted.end(), world.date.plus(-1)) != wanted.end();
}

}  // namespace clustersim

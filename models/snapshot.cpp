#include "models/snapshot.hpp"

#include <algorithm>

#include "models/finance/money.hpp"
#include "sim/interrupt.hpp"

namespace clustersim {
namespace {

// Results column of a calendar month: column t holds the state at the end of month t.
int column_of(const Scenario& scenario, YearMonth month) {
  return months_between(scenario.calendar.start, month) + 1;
}

// The requested snapshot column before `column`, or 0 (the initial state).
int previous_snapshot_column(const Scenario& scenario, int column) {
  int previous = 0;
  for (const auto& month : scenario.output.snapshots) {
    const int c = column_of(scenario, month);
    if (c < column) previous = std::max(previous, c);
  }
  return previous;
}

struct FirmColumns {
  std::vector<std::int32_t> id, slot, first_column, group, cluster, sector, trl;
  std::vector<double> employees, cash, revenue, debt, defence_share, absorptive, knowledge,
      competence;

  void add(const FirmState& f, int i) {
    const auto n = std::size_t(i);
    id.push_back(f.id[n]);
    slot.push_back(i);
    first_column.push_back(f.first_column[n]);
    group.push_back(f.group[n]);
    cluster.push_back(f.cluster[n]);
    sector.push_back(f.sector[n]);
    trl.push_back(f.project_trl[n]);
    employees.push_back(f.employees[n]);
    cash.push_back(f.cash[n]);
    revenue.push_back(f.revenue[n]);
    debt.push_back(debt_of(f, i, false));
    defence_share.push_back(f.defence_share[n]);
    absorptive.push_back(f.absorptive[n]);
    for (int d = 0; d < f.domains; ++d) {
      knowledge.push_back(f.knowledge(i, d));
      competence.push_back(f.competence(i, d));
    }
  }
};

DatasetGroup firm_table(const FirmState& f) {
  FirmColumns c;
  for (int i = 0; i < f.capacity; ++i)
    if (f.alive[std::size_t(i)]) c.add(f, i);
  const std::vector<std::uint64_t> by_domain{c.id.size(), std::uint64_t(f.domains)};
  DatasetGroup firms;
  firms.add("id", std::move(c.id), "firm id (persistent within a replication)");
  firms.add("slot", std::move(c.slot), "state slot (reused after exits)");
  firms.add("first_column", std::move(c.first_column), "results column (/time/label index)");
  firms.add("group", std::move(c.group), "index into [[firms]]");
  firms.add("cluster", std::move(c.cluster), "index into [[clusters]]");
  firms.add("sector", std::move(c.sector), "index into [[sectors]]");
  firms.add("project_trl", std::move(c.trl), "TRL (0: no project)");
  firms.add("employees", std::move(c.employees), "persons");
  firms.add("cash", std::move(c.cash), "mln RUB");
  firms.add("revenue", std::move(c.revenue), "mln RUB/month");
  firms.add("debt", std::move(c.debt), "mln RUB");
  firms.add("defence_share", std::move(c.defence_share), "1");
  firms.add("absorptive_capacity", std::move(c.absorptive), "1");
  firms.add("knowledge", std::move(c.knowledge), "knowledge units", by_domain);
  firms.add("competence", std::move(c.competence), "1", by_domain);
  return firms;
}

// Firms that exited after the previous snapshot, up to this one.
DatasetGroup exit_table(const World& world, int column) {
  const int after = previous_snapshot_column(world.scenario(), column);
  std::vector<std::int32_t> id, first_column, exit_column, group, cluster;
  std::vector<double> employees;
  for (const auto& e : world.exit_log) {
    if (e.exit_column <= after || e.exit_column > column) continue;
    id.push_back(e.id);
    first_column.push_back(e.first_column);
    exit_column.push_back(e.exit_column);
    group.push_back(e.group);
    cluster.push_back(e.cluster);
    employees.push_back(e.employees);
  }
  DatasetGroup exits;
  exits.add("id", std::move(id), "firm id");
  exits.add("first_column", std::move(first_column), "results column (/time/label index)");
  exits.add("exit_column", std::move(exit_column), "results column (/time/label index)");
  exits.add("group", std::move(group), "index into [[firms]]");
  exits.add("cluster", std::move(cluster), "index into [[clusters]]");
  exits.add("employees", std::move(employees), "persons");
  exits.attribute("after_column", std::int32_t(after));
  return exits;
}

DatasetGroup network_table(const FirmState& f) {
  std::vector<std::int32_t> edges;
  std::vector<double> trust;
  for (int i = 0; i < f.capacity; ++i) {
    stop_point(i);
    if (!f.alive[std::size_t(i)]) continue;
    const auto* partners = f.partners_of(i);
    const auto* trusts = f.trust_of(i);
    for (int s = 0; s < f.slot_end(i); ++s) {
      if (partners[s] > i) {  // each undirected link once
        edges.push_back(f.id[std::size_t(i)]);
        edges.push_back(f.id[std::size_t(partners[s])]);
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
  snapshot.children.emplace_back("exits", exit_table(world, world.step));
  snapshot.children.emplace_back("network", network_table(world.firms));
  return snapshot;
}

bool is_snapshot_month(const Scenario& scenario, const World& world, int t) {
  const auto& wanted = scenario.output.snapshots;
  return t > 0 && std::find(wanted.begin(), wanted.end(), world.date.plus(-1)) != wanted.end();
}

}  // namespace clustersim

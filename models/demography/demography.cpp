// Phase 7, demography: firms in lasting distress exit; universities spin off
// start-ups; successful firms found start-ups; clusters attract entrants, who also replace exits;
// events add firms. New firms take the lowest free slots, in a fixed order.
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include <boost/random/poisson_distribution.hpp>

#include "models/demography/population.hpp"
#include "models/finance/money.hpp"
#include "models/phases.hpp"
#include "sim/interrupt.hpp"

namespace clustersim {
namespace {

bool is_anchor(const FirmGroup& group) {
  return value_of(kSizeClassNames, group.size) == SizeClass::anchor;
}

void exit_firm(World& world, int i) {
  auto& f = world.firms;
  const auto n = std::size_t(i);
  f.alive[n] = 0;
  world.exit_log.push_back(
      {f.id[n], f.first_column[n], world.step + 1, f.group[n], f.cluster[n], f.employees[n]});
  // Its cash leaves the firms' money; its loans are written off.
  world.month.exit_cash += f.cash[n];
  default_loans(world, i);
  // Partners forget the firm now, so its slot can be reused safely.
  auto* partners = f.partners_of(i);
  for (int s = 0; s < f.slot_end(i); ++s) {
    const int j = partners[s];
    if (j == kNoAgent) continue;
    auto* back = f.partners_of(j);
    for (int t = 0; t < f.slot_end(j); ++t)
      if (back[t] == i) back[t] = kNoAgent;
    f.trim_slot_end(j);
    partners[s] = kNoAgent;
  }
  f.release_links_and_former(i);  // its blocks go back to the pools' free lists
  if (f.university[n] != kNoAgent)
    --world.universities.contracts_active[std::size_t(f.university[n])];
  f.university[n] = kNoAgent;
  f.project_trl[n] = 0;
  ++world.month.exits;
}

// Owners judge profitability once a year, when the firm closes its annual accounts, in
// a month of its own (firm id mod 12), and only once the smoothed margin holds
// profit_memory_months of accounts. So firms created together (the initial population)
// are not all judged in the same month.
bool reviews_accounts(const World& world, int i) {
  const auto& f = world.firms;
  const auto n = std::size_t(i);
  if (f.margin_months[n] < world.parameters().profit_memory_months) return false;
  return (world.step + f.id[n]) % 12 == 0;
}

// A loss-making firm at its review closes with exit_review_probability: owners of a
// firm with a temporary loss often wait (own stream, so other draws do not move).
bool owners_give_up(const World& world, int i) {
  const double chance = world.parameters().exit_review_probability;
  if (chance >= 1) return true;
  auto rng = world.streams()(AgentKind::firm, std::uint32_t(i), Purpose::exit_review);
  return rng.bernoulli(chance);
}

// Insolvency (cash below the floor with no credit, or negative net worth, for
// exit_negative_months) and persistently low profitability (docs/model.md 3.8). A
// bankruptcy moratorium holds insolvency exits back while it covers the firm's sector;
// the months of insolvency keep counting, so a firm still insolvent when it ends exits
// then (docs/model.md 3.8).
void record_distress_and_exit(World& world) {
  auto& f = world.firms;
  const auto& p = world.parameters();
  for_each_alive_firm(world, [&](int i) {
    const auto n = std::size_t(i);
    const bool distressed = f.cash[n] < p.exit_cash_floor * f.wage_bill[n] || net_worth(f, i) < 0;
    // Saturates: a long moratorium must not wrap the count round to negative.
    const int months = std::min(int(f.distress_months[n]) + 1, 30000);
    f.distress_months[n] = distressed ? static_cast<std::int16_t>(months) : 0;
  });
  for (int i = 0; i < f.capacity; ++i) {
    stop_point(i);
    const auto n = std::size_t(i);
    if (!f.alive[n]) continue;
    const bool insolvent = f.distress_months[n] >= p.exit_negative_months;
    const bool shielded = insolvent && world.environment.moratorium[std::size_t(f.sector[n])];
    if (insolvent && !shielded) {
      ++world.month.exits_insolvency;
      exit_firm(world, i);
    } else if (reviews_accounts(world, i) && f.profit_margin[n] < p.exit_min_margin &&
               owners_give_up(world, i)) {
      ++world.month.exits_low_profit;  // owners may still close a shielded firm
      exit_firm(world, i);
    } else if (shielded) {
      ++world.month.insolvent_shielded;
    }
  }
}

// The firm group a spin-off or start-up takes: the cluster's start-up group, else its
// group with the smallest firms (never an anchor group when there is another).
int spinoff_group(const World& world, int cluster) {
  const auto& s = world.scenario();
  const auto& name = s.clusters[std::size_t(cluster)].name;
  int best = -1;
  auto rank = [&](const FirmGroup& g) {
    // Start-ups first, then SMEs, then anchors (size class order reversed).
    const auto size = *value_of(kSizeClassNames, g.size);
    return std::pair{size == SizeClass::startup ? 0
                     : size == SizeClass::sme   ? 1
                                                : 2,
                     g.employees_min};
  };
  for (std::size_t g = 0; g < s.firms.size(); ++g) {
    if (s.firms[g].cluster != name) continue;
    if (best < 0 || rank(s.firms[g]) < rank(s.firms[std::size_t(best)])) best = int(g);
  }
  return best;
}

// The group of an entrant: drawn among the cluster's non-anchor groups in proportion
// to their initial counts (anchors do not enter); any group if there are only anchors.
int entrant_group(const World& world, int cluster, RandomStream& rng) {
  const auto& s = world.scenario();
  const auto& name = s.clusters[std::size_t(cluster)].name;
  for (const bool allow_anchor : {false, true}) {
    double total = 0;
    for (const auto& g : s.firms)
      if (g.cluster == name && (allow_anchor || !is_anchor(g))) total += g.count;
    if (total <= 0) continue;
    double pick = rng.uniform() * total;
    for (std::size_t g = 0; g < s.firms.size(); ++g) {
      const auto& group = s.firms[g];
      if (group.cluster != name || (!allow_anchor && is_anchor(group))) continue;
      if (pick < group.count) return int(g);
      pick -= group.count;
    }
  }
  return -1;
}

// Free entry: entrants follow profits. The multiplier of the cluster's base entry rate
// grows with the gap between its aggregate smoothed net margin (weighted by revenue, as
// the Rosstat reference is profit over sales) and a normal margin (docs/model.md 3.8),
// so high margins draw competitors that erode them. Firms that
// exited earlier this month still count: would-be entrants see the failures too.
double entry_profit_factor(const World& world, int cluster) {
  const auto& p = world.parameters();
  if (p.entry_profit_sensitivity <= 0) return 1.0;
  const auto& e = world.environment;
  const auto& f = world.firms;
  double sum = 0, weight = 0;
  for (int k = e.member_offsets[std::size_t(cluster)];
       k < e.member_offsets[std::size_t(cluster) + 1]; ++k) {
    const auto n = std::size_t(e.members[std::size_t(k)]);
    if (f.margin_months[n] == 0 || f.revenue[n] <= 0) continue;
    sum += f.profit_margin[n] * f.revenue[n];
    weight += f.revenue[n];
  }
  if (weight <= 0) return 1.0;
  const double gap = sum / weight - p.entry_reference_margin;
  return std::clamp(std::exp(p.entry_profit_sensitivity * gap), p.entry_factor_min,
                    p.entry_factor_max);
}

// Entrants a month that fill the room exits of `cluster` left over the last year: the
// exits of the last 12 months less every firm founded in the cluster in those months
// (spin-offs, start-ups and entrants, alive or gone), times entry_replacement, taken up
// over a year (a twelfth of it a month), and fewer when
// the cluster's margin is below normal (entry factor below 1). K+S replaces every exiting
// firm by an entrant (Dosi et al. 2010); entry and exit rates move together (Geroski 1995).
constexpr int kReplacementWindow = 12;  // months

double replacement_rate(const World& world, int cluster, double factor) {
  const double replacement = world.parameters().entry_replacement;
  if (replacement <= 0) return 0;
  const int room = world.scratch.entry_room[std::size_t(cluster)];
  return replacement * std::max(0, room) * std::min(1.0, factor) / kReplacementWindow;
}

// The room of every cluster (see replacement_rate) into scratch.entry_room, in one pass
// over the recent exits and one over the firms, before any entrant of the month.
void measure_entry_room(World& world) {
  auto& room = world.scratch.entry_room;
  std::fill(room.begin(), room.end(), 0);
  if (world.parameters().entry_replacement <= 0) return;
  // Columns after `since` are inside the window. The firms a scenario starts with (column
  // 0) were not founded in it, so in the first year the window starts at column 0.
  const int since = std::max(0, world.step + 1 - kReplacementWindow);
  for (auto it = world.exit_log.rbegin(); it != world.exit_log.rend() && it->exit_column > since;
       ++it)
    room[std::size_t(it->cluster)] += 1 - (it->first_column > since);
  const auto& f = world.firms;
  for (int i = 0; i < f.capacity; ++i) {
    const auto n = std::size_t(i);
    if (f.alive[n] && f.first_column[n] > since) --room[std::size_t(f.cluster[n])];
  }
}

// Monthly chance that firm i founds a start-up: employee spin-outs, whose rate grows with
// the parent's success (Klepper 2007; Klepper and Sleeper 2005): in proportion to its
// smoothed margin over the normal margin and to 1 + its recent innovations (technological
// know-how the spin-out carries: Agarwal et al. 2004). A loss-making parent spawns none.
double startup_chance(const World& world, int i) {
  const auto& p = world.parameters();
  const auto& f = world.firms;
  const auto n = std::size_t(i);
  if (p.startup_rate <= 0 || f.margin_months[n] == 0 || p.entry_reference_margin <= 0) return 0;
  const double profitability = std::max(0.0, f.profit_margin[n]) / p.entry_reference_margin;
  const double success = profitability * (1.0 + f.recent_innovations[n]);
  return std::min(1.0, p.startup_rate / 12.0 * success);
}

// How many firms a monthly Poisson rate creates. A rate that is not a finite number
// (revenues that overflowed after thousands of simulated years make the profit factor
// NaN) would keep Boost's sampler rejecting draws forever, where no stop is honoured:
// it ends the run with an error instead. `what` names the rate only then (the month
// loop allocates nothing).
template <class What>
int poisson_count(double rate, RandomStream& rng, const World& world, What what) {
  if (!std::isfinite(rate))
    throw std::runtime_error("month " + world.date.to_string() + ": " + what() +
                             " is not a finite number (the firms' values overflowed; the "
                             "scenario runs beyond what the model can represent)");
  return boost::random::poisson_distribution<int>(rate)(rng);
}

class Entrants {
 public:
  explicit Entrants(World& world) : world_(world) {}

  // Creates a firm of `group`; returns its slot, or -1 when capacity is exhausted (or the
  // cluster has no group to copy), counting the firm as refused.
  // Spin-offs and start-ups are start-ups whatever the group's size class.
  int create(int group, bool startup) {
    cursor_ = next_free_slot(world_.firms, cursor_);
    if (cursor_ < 0 || group < 0) {
      ++world_.month.entries_refused;
      cursor_ = cursor_ < 0 ? world_.firms.capacity : cursor_;
      return -1;
    }
    const int slot = cursor_++;
    auto rng = world_.streams()(AgentKind::firm, std::uint32_t(slot), Purpose::entry);
    init_firm(world_, slot, group, rng, /*entrant=*/true);
    if (startup) world_.firms.size_class[std::size_t(slot)] = SizeClass::startup;
    world_.month.equity += world_.firms.cash[std::size_t(slot)];  // money the founders bring
    ++world_.month.entries;
    return slot;
  }

  // Firms a caller gives up on after a refusal: entries_refused counts firms, not attempts.
  void refuse(int firms) { world_.month.entries_refused += firms; }

 private:
  World& world_;
  int cursor_ = 0;
};

}  // namespace

void demography_phase(World& world) {
  record_distress_and_exit(world);
  auto& f = world.firms;
  const auto& p = world.parameters();
  const auto streams = world.streams();
  Entrants entrants(world);

  // University spin-offs carry part of the university's frontier.
  auto& u = world.universities;
  for (int k = 0; k < u.count; ++k) {
    const auto kk = std::size_t(k);
    u.spinoffs[kk] = 0;
    const double rate = p.spinoff_rate * u.tto_strength[kk] / 12.0;
    if (rate <= 0) continue;
    auto rng = streams(AgentKind::university, std::uint32_t(k), Purpose::spin_off);
    const int count = poisson_count(
        rate, rng, world, [&] { return "the spin-off rate of university " + std::to_string(k); });
    for (int c = 0; c < count; ++c) {
      const int slot = entrants.create(spinoff_group(world, u.cluster[kk]), true);
      if (slot < 0) {
        entrants.refuse(count - c - 1);
        break;
      }
      f.knowledge.row(slot) =
          f.knowledge.row(slot).cwiseMax(p.spinoff_knowledge_share * u.frontier.row(k));
      ++u.spinoffs[kk];
      ++world.month.spinoffs;
    }
  }

  // Start-ups from successful firms: employee spin-outs at a rate that grows with the
  // parent's success (Klepper 2007). Decided in parallel, created in order.
  const int alive_before = f.capacity;
  for (int i = 0; i < alive_before; ++i) {
    const auto n = std::size_t(i);
    if (!f.alive[n] || f.born_month[n] == world.step) continue;
    const double chance = startup_chance(world, i);
    if (chance <= 0) continue;
    auto rng = streams(AgentKind::firm, std::uint32_t(i), Purpose::start_up);
    if (!rng.bernoulli(chance)) continue;
    // Refused when the slots are full; the later parents still decide, so each start-up
    // refused is counted (their streams are their own: nothing else moves).
    const int slot = entrants.create(spinoff_group(world, f.cluster[n]), true);
    if (slot < 0) continue;
    f.knowledge.row(slot) = p.startup_knowledge_share * f.knowledge.row(i);
    f.competence.row(slot) = f.competence.row(i);
    ++world.month.startups;
  }

  // Entry into each cluster in proportion to its size and its profitability, or to fill
  // the room its exits left.
  measure_entry_room(world);
  const auto& e = world.environment;
  for (int c = 0; c < world.cluster_count(); ++c) {
    const int members = e.member_offsets[std::size_t(c) + 1] - e.member_offsets[std::size_t(c)];
    const double factor = entry_profit_factor(world, c);
    const double profit_driven =
        world.scenario().clusters[std::size_t(c)].entry_rate / 12.0 * members * factor;
    const double rate = std::max(profit_driven, replacement_rate(world, c, factor));
    if (rate <= 0) continue;
    auto rng = streams(AgentKind::world, std::uint32_t(c), Purpose::entry);
    const int count = poisson_count(rate, rng, world, [&] {
      return "the entry rate of cluster " + world.scenario().clusters[std::size_t(c)].name;
    });
    for (int k = 0; k < count; ++k)
      if (entrants.create(entrant_group(world, c, rng), false) < 0) {
        entrants.refuse(count - k - 1);
        break;
      }
  }

  // Firms that events add, with the profile of the named group.
  for (std::size_t g = 0; g < world.pending_entries.size(); ++g) {
    for (; world.pending_entries[g] > 0; --world.pending_entries[g])
      if (entrants.create(int(g), false) < 0) {
        entrants.refuse(world.pending_entries[g] - 1);
        break;
      }
    world.pending_entries[g] = 0;
  }
  index_cluster_members(world);
}

}  // namespace clustersim

#pragma once
// Every enumeration of the cluster model with its one name table: the names scenario
// files use, the schema's choices, metric names and counts all come from here.
// Adding a funder kind: a value and a row below, then its rule in
// models/finance/instruments.cpp (run_public_instruments); nothing else.
#include <cstdint>
#include <string_view>

#include "sim/enum_names.hpp"

namespace clustersim {

enum class SizeClass : std::uint8_t { anchor = 0, sme = 1, startup = 2 };
inline constexpr NameTable<SizeClass, 3> kSizeClassNames{{
    {SizeClass::anchor, "anchor"},
    {SizeClass::sme, "sme"},
    {SizeClass::startup, "startup"},
}};

enum class ProjectType : std::uint8_t { product = 0, process = 1, import_substitute = 2 };
inline constexpr NameTable<ProjectType, 3> kProjectTypeNames{{
    {ProjectType::product, "product"},
    {ProjectType::process, "process"},
    {ProjectType::import_substitute, "import_substitute"},
}};

enum class ProjectEvent : std::uint8_t { none = 0, started, abandoned, failed };
inline constexpr NameTable<ProjectEvent, 4> kProjectEventNames{{
    {ProjectEvent::none, "none"},
    {ProjectEvent::started, "started"},
    {ProjectEvent::abandoned, "abandoned"},
    {ProjectEvent::failed, "failed"},
}};

enum class UniversityKind : std::uint8_t { university = 0, research_institute = 1 };
inline constexpr NameTable<UniversityKind, 2> kUniversityKindNames{{
    {UniversityKind::university, "university"},
    {UniversityKind::research_institute, "research_institute"},
}};

enum class CenterKind : std::uint8_t { competence = 0, excellence = 1, advanced_training = 2 };
inline constexpr NameTable<CenterKind, 3> kCenterKindNames{{
    {CenterKind::competence, "competence_center"},
    {CenterKind::excellence, "center_of_excellence"},
    {CenterKind::advanced_training, "advanced_training"},
}};

enum class FunderKind : std::uint8_t {
  grants = 0,
  cluster_subsidy,
  regional,
  idf_loan,
  industrial_mortgage,
  cluster_platform,
  defence_orders,
};

// A funder kind's name in scenario files, what it does (schema documentation) and
// what its `public_money_<name>` metric counts.
struct FunderKindInfo {
  FunderKind kind;
  std::string_view name;
  std::string_view meaning;
  std::string_view money;
};

inline constexpr FunderKindInfo kFunderKindInfo[] = {
    {FunderKind::grants, "grants", "innovation projects in a TRL window with co-financing",
     "Grants to innovation projects paid this month."},
    {FunderKind::cluster_subsidy, "cluster_subsidy",
     "competitive selection of cluster programmes, paying joint projects and cluster services",
     "Federal cluster subsidies paid this month to joint projects and cluster services (training) "
     "in selected clusters."},
    {FunderKind::regional, "regional", "co-finances another funder",
     "Regional co-financing paid this month."},
    {FunderKind::idf_loan, "idf_loan", "Industrial Development Fund soft loans",
     "Industrial Development Fund loans lent this month."},
    {FunderKind::industrial_mortgage, "industrial_mortgage", "industrial mortgage",
     "Industrial mortgage lent this month."},
    {FunderKind::cluster_platform, "cluster_platform", "cluster investment platform",
     "Cluster investment platform loans lent this month."},
    {FunderKind::defence_orders, "defence_orders", "buys from dual-use firms",
     "Defence orders bought from dual-use firms this month."},
};
inline constexpr int kFunderKinds = int(std::size(kFunderKindInfo));

inline constexpr auto kFunderKindNames = [] {
  NameTable<FunderKind, std::size(kFunderKindInfo)> table{};
  for (std::size_t k = 0; k < table.size(); ++k)
    table[k] = {kFunderKindInfo[k].kind, kFunderKindInfo[k].name};
  return table;
}();

}  // namespace clustersim

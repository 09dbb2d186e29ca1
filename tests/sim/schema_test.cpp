// The schema binder (sim/schema.hpp, sim/schema_io.hpp) on a toy schema of its own, without
// the cluster model: values bound through their FieldSpecs, every kind of problem reported
// with the file:line:column of the offending value, arrays of tables, and the resolved TOML
// written back reads again as the same values.
#include "sim/schema.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "sim/diagnostics.hpp"
#include "sim/schema_io.hpp"
#include "sim/toml_document.hpp"
#include "support/files.hpp"

namespace clustersim {
namespace {

using testing::contains;

struct Pump {
  std::string name;
  double flow = 1.0;
};

struct Garden {
  std::string name;
  double rain = 0.5;
  int beds = 3;
  std::string soil = "loam";
  bool fenced = false;
  std::uint64_t seed = 1;
  YearMonth sown{2020, 4};
  std::vector<double> yields;
  std::vector<double> light;  // per plant, filled by the binder for plants left out
  std::vector<Pump> pumps;
};

#define AT CLUSTERSIM_AT

const std::vector<FieldSpec<Garden>>& garden_specs() {
  static const std::vector<FieldSpec<Garden>> specs = {
      field<Garden>("name", AT(Garden, name), "", "Name.").mandatory(),
      field<Garden>("rain", AT(Garden, rain), "m/year", "Rain.").range(0, 2),
      field<Garden>("beds", AT(Garden, beds), "beds", "Beds.").at_least(1),
      field<Garden>("soil", AT(Garden, soil), "", "Soil.").one_of({"loam", "clay", "sand"}),
      field<Garden>("fenced", AT(Garden, fenced), "", "Fenced."),
      field<Garden>("seed", AT(Garden, seed), "", "Seed."),
      field<Garden>("season.sown", AT(Garden, sown), "", "Sown."),
      field<Garden>("season.yields", AT(Garden, yields), "kg", "Yields.")
          .with_length(2)
          .range(0, 9),
      field<Garden>("light", AT(Garden, light), "1", "Light per plant.").per_domain(0.25),
  };
  return specs;
}

const std::vector<FieldSpec<Pump>>& pump_specs() {
  static const std::vector<FieldSpec<Pump>> specs = {
      field<Pump>("name", AT(Pump, name), "", "Name.").mandatory(),
      field<Pump>("flow", AT(Pump, flow), "l/s", "Flow.").range(0, 10),
  };
  return specs;
}

const std::vector<std::string> kPlants = {"tomato", "bean"};

// Binds `text` (named g.toml) to a Garden; `problems` receives the diagnostics, one a line.
Garden bind_garden(const std::string& text, std::string* problems = nullptr) {
  Diagnostics diagnostics;
  Garden garden;
  if (auto root = read_document_text(text, "g.toml", diagnostics)) {
    BindContext context{diagnostics, &kPlants, {}, {}};
    bind_table(*root, "", garden_specs(), garden, context, {"pumps"});
    bind_array(*root, "pumps", pump_specs(), garden.pumps, context);
  }
  diagnostics.sort();
  if (problems)
    *problems = diagnostics.to_string();
  else
    EXPECT_TRUE(diagnostics.empty()) << diagnostics.to_string();
  return garden;
}

TEST(SchemaBinder, binds_every_field_type_and_keeps_defaults_for_keys_left_out) {
  const Garden g = bind_garden(
      "name = \"plot\"\nrain = 1\nsoil = \"clay\"\nfenced = true\n"
      "seed = \"18446744073709551615\"\nlight = { bean = 0.75 }\n"
      "[season]\nsown = \"2021-05\"\nyields = [1.5, 2]\n"
      "[[pumps]]\nname = \"p1\"\nflow = 2.5\n[[pumps]]\nname = \"p2\"\n");
  EXPECT_EQ(g.name, "plot");
  EXPECT_EQ(g.rain, 1.0);  // an integer is a number
  EXPECT_EQ(g.beds, 3);
  EXPECT_EQ(g.soil, "clay");
  EXPECT_TRUE(g.fenced);
  EXPECT_EQ(g.seed, 18446744073709551615ull);
  EXPECT_EQ(g.sown, (YearMonth{2021, 5}));
  EXPECT_EQ(g.yields, (std::vector<double>{1.5, 2.0}));
  EXPECT_EQ(g.light, (std::vector<double>{0.25, 0.75}));  // tomato left out: the fill
  ASSERT_EQ(g.pumps.size(), 2u);
  EXPECT_EQ(g.pumps[0].flow, 2.5);
  EXPECT_EQ(g.pumps[1].name, "p2");
  EXPECT_EQ(g.pumps[1].flow, 1.0);
}

TEST(SchemaBinder, reports_each_problem_at_the_line_and_column_of_its_value) {
  std::string problems;
  bind_garden(
      "name = \"plot\"\n"            // 1
      "rain = 3\n"                   // 2
      "beds = 1.5\n"                 // 3
      "soil = \"caly\"\n"            // 4
      "fenced = \"yes\"\n"           // 5
      "seed = -1\n"                  // 6
      "light = { tomatoe = 0.1 }\n"  // 7
      "[season]\n"                   // 8
      "sown = \"2021-13\"\n"         // 9
      "yields = [1, 2, 3]\n"         // 10
      "rian = 1\n"                   // 11
      "[[pumps]]\nflow = 11\n",      // 12, 13
      &problems);
  for (const std::string expected : {
           "g.toml:2:8: rain: out of range (expected 0 to 2 in m/year, got integer 3)",
           "g.toml:3:8: beds: wrong type (expected an integer in beds, got float 1.5)",
           "g.toml:4:8: soil: unknown value (expected one of \"loam\", \"clay\", \"sand\"; did "
           "you mean \"clay\"?",
           "g.toml:5:10: fenced: wrong type (expected true or false",
           "g.toml:6:8: seed: out of range",
           "g.toml:7:21: light.tomatoe: unknown technology domain",
           "did you mean \"tomato\"?",
           "g.toml:9:8: season.sown: malformed date",
           "g.toml:10:10: season.yields: wrong length (expected an array of 2",
           "g.toml:11:8: season.rian: unknown key",
           "g.toml:12:1: pumps[0].name: missing required key",
           "g.toml:13:8: pumps[0].flow: out of range (expected 0 to 10 in l/s, got integer 11)",
       })
    EXPECT_TRUE(contains(problems, expected));
  EXPECT_EQ(std::count(problems.begin(), problems.end(), '\n'), 11) << problems;
}

TEST(SchemaBinder, suggests_the_closest_key_and_spots_a_top_level_key_under_a_table) {
  std::string problems;
  bind_garden("name = \"plot\"\nrian = 1\n", &problems);
  EXPECT_TRUE(contains(problems, "g.toml:2:8: rian: unknown key (did you mean \"rain\"?)"));
  bind_garden("name = \"plot\"\n[season]\nsown = \"2021-01\"\nbeds = 2\n", &problems);
  EXPECT_TRUE(contains(problems, "season.beds: unknown key (\"beds\" is a top-level key"));
  bind_garden("rain = 1\n", &problems);
  EXPECT_TRUE(contains(problems, "name: missing required key (expected a string)"));
  bind_garden("name = \"plot\"\npumps = 3\n", &problems);
  EXPECT_TRUE(contains(problems, "g.toml:2:9: pumps: wrong type (expected an array of tables"));
}

// The resolved TOML of a bound garden binds again to the same values.
TEST(SchemaBinder, written_fields_read_back_as_the_same_values) {
  const Garden g = bind_garden(
      "name = \"a \\\"quoted\\\" plot\"\nrain = 0.1\nbeds = 7\nsoil = \"sand\"\n"
      "light = { tomato = 1, bean = 0.3 }\n[season]\nyields = [0.125, 8]\n"
      "[[pumps]]\nname = \"p\"\nflow = 0.3\n");
  std::ostringstream out;
  write_fields(out, garden_specs(), g, kPlants);
  write_items(out, "pumps", pump_specs(), g.pumps, kPlants);
  const Garden again = bind_garden(out.str());
  EXPECT_EQ(again.name, g.name);
  EXPECT_EQ(again.rain, g.rain);
  EXPECT_EQ(again.beds, g.beds);
  EXPECT_EQ(again.soil, g.soil);
  EXPECT_EQ(again.sown, g.sown);
  EXPECT_EQ(again.yields, g.yields);
  EXPECT_EQ(again.light, g.light);
  ASSERT_EQ(again.pumps.size(), 1u);
  EXPECT_EQ(again.pumps[0].flow, 0.3);
  EXPECT_TRUE(contains(out.str(), "rain = 0.1  # m/year\n")) << out.str();
}

// Text the binder never sees: the check before toml++ parses reports it at its position.
TEST(SchemaBinder, text_problems_stop_before_binding) {
  std::string problems;
  const Garden g = bind_garden("name = \"plot\"\nrain = 1\xff\n", &problems);
  EXPECT_TRUE(contains(problems, "g.toml:2:9: syntax error: invalid UTF-8"));
  EXPECT_EQ(g.rain, 0.5);  // nothing bound
}

TEST(YearMonthText, parses_exactly_yyyy_mm) {
  EXPECT_EQ(YearMonth::parse("2022-03"), (YearMonth{2022, 3}));
  EXPECT_EQ(YearMonth::parse("0999-12"), (YearMonth{999, 12}));
  for (const char* bad : {"2022-3", "2022-00", "2022-13", "22-03", "2022/03", "2022-03-01",
                          "20a2-03", "2022--3", "", " 2022-03"})
    EXPECT_FALSE(YearMonth::parse(bad).has_value()) << bad;
  EXPECT_EQ((YearMonth{2022, 3}).to_string(), "2022-03");
  EXPECT_EQ((YearMonth{999, 1}).to_string(), "0999-01");
}

TEST(YearMonthArithmetic, months_cross_years_both_ways) {
  const YearMonth nov{2021, 11};
  EXPECT_EQ(nov.plus(2), (YearMonth{2022, 1}));
  EXPECT_EQ(nov.plus(14), (YearMonth{2023, 1}));
  EXPECT_EQ(nov.plus(-11), (YearMonth{2020, 12}));
  EXPECT_EQ(nov.plus(0), nov);
  EXPECT_EQ(months_between(nov, YearMonth{2023, 2}), 15);
  EXPECT_EQ(months_between(YearMonth{2023, 2}, nov), -15);
  EXPECT_EQ(YearMonth::from_ordinal(nov.ordinal()), nov);
  EXPECT_LT(nov, (YearMonth{2021, 12}));
  EXPECT_GT(nov, (YearMonth{2020, 12}));
}

}  // namespace
}  // namespace clustersim

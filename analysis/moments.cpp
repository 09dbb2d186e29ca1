#include "analysis/moments.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>

#include "sim/schema_io.hpp"
#include "sim/toml_document.hpp"

namespace clustersim {
namespace {

int column_of(const std::vector<std::string>& labels, YearMonth month) {
  const auto it = std::find(labels.begin(), labels.end(), month.to_string());
  if (it == labels.end())
    throw std::invalid_argument(
        "moment: month " + month.to_string() + " is not a column (" +
        (labels.empty() ? "no columns" : labels.front() + " to " + labels.back()) + ")");
  return int(it - labels.begin());
}

double window_sum(const std::vector<double>& values, int first, int last) {
  double sum = 0;
  for (int t = first; t <= last; ++t) sum += values[std::size_t(t)];
  return sum;
}

// What a [[target]] table holds before it is checked as a whole.
struct TargetInput {
  std::string name, metric, reduction, source;
  YearMonth from, to;
  double value = 0, standard_error = 0, weight = 0;
};

const std::vector<FieldSpec<TargetInput>>& target_fields() {
  using T = TargetInput;
  static const std::vector<FieldSpec<T>> specs = {
      field("name", CLUSTERSIM_AT(T, name), "", "unique name of the moment").mandatory(),
      field("metric", CLUSTERSIM_AT(T, metric), "", "the metric reduced").mandatory(),
      field("reduction", CLUSTERSIM_AT(T, reduction), "", "how the window becomes one number")
          .one_of(names_of(kReductionNames))
          .mandatory(),
      field("from", CLUSTERSIM_AT(T, from), "", "first month of the window"),
      field("to", CLUSTERSIM_AT(T, to), "", "last month of the window").mandatory(),
      field("value", CLUSTERSIM_AT(T, value), "", "the observed moment").mandatory(),
      // Both must be above 0, which check_target says (a bound of 0 here would say a
      // negative one twice, the second time contradicting the first).
      field("standard_error", CLUSTERSIM_AT(T, standard_error), "", "its standard error"),
      field("weight", CLUSTERSIM_AT(T, weight), "", "its weight, instead of a standard error"),
      field("source", CLUSTERSIM_AT(T, source), "", "where the value comes from").mandatory(),
  };
  return specs;
}

// Checks one target as a whole; `prefix` is "target[i]".
void check_target(const TargetInput& input, const std::string& prefix, BindContext& context) {
  const auto& positions = context.positions;
  const auto where = [&](const std::string& key) {
    const auto it = positions.find(prefix + "." + key);
    return it != positions.end() ? it->second : positions.at(prefix);
  };
  const bool has_se = positions.contains(prefix + ".standard_error");
  const bool has_weight = positions.contains(prefix + ".weight");
  auto& diagnostics = context.diagnostics;
  if (has_se == has_weight)
    diagnostics.add(where(has_se ? "weight" : ""), prefix,
                    has_se ? "both standard_error and weight (expected one of them)"
                           : "no precision (expected standard_error or weight)");
  // A value the binder refused (a string, NaN) is reported once, by the binder.
  const auto refused = [&](const std::string& key) {
    const auto& items = diagnostics.items();
    return std::any_of(items.begin(), items.end(),
                       [&](const Diagnostic& d) { return d.key == prefix + "." + key; });
  };
  if (has_se && !(input.standard_error > 0) && !refused("standard_error"))
    diagnostics.add(where("standard_error"), prefix + ".standard_error",
                    "not positive (expected a standard error above 0)");
  if (has_weight && !(input.weight > 0) && !refused("weight"))
    diagnostics.add(where("weight"), prefix + ".weight",
                    "not positive (expected a weight above 0)");
  const auto reduction = value_of(kReductionNames, input.reduction);
  if (!reduction) return;  // already reported
  const bool has_from = positions.contains(prefix + ".from");
  if (*reduction == Reduction::final && has_from)
    diagnostics.add(where("from"), prefix + ".from",
                    "not used by reduction \"final\" (expected only `to`)");
  if (*reduction != Reduction::final && !has_from)
    diagnostics.add(
        where(""), prefix + ".from",
        "missing (expected the window's first month for reduction \"" + input.reduction + "\")");
  const bool ratio = *reduction == Reduction::rate || *reduction == Reduction::growth;
  if (has_from && (ratio ? input.from >= input.to : input.from > input.to))
    diagnostics.add(where("from"), prefix + ".from",
                    "after the window's end (expected a month " +
                        std::string(ratio ? "before " : "at or before ") + input.to.to_string() +
                        ", got " + input.from.to_string() + ")");
}

MomentTarget to_target(const TargetInput& input) {
  MomentTarget target;
  target.name = input.name;
  target.metric = input.metric;
  target.reduction = value_of(kReductionNames, input.reduction).value_or(Reduction::final);
  target.from = target.reduction == Reduction::final ? input.to : input.from;
  target.to = input.to;
  target.value = input.value;
  target.standard_error = input.standard_error;
  target.weight = input.weight;
  target.source = input.source;
  return target;
}

std::string key_list(const std::vector<std::string>& keys) {
  std::string text;
  for (const auto& key : keys) text += (text.empty() ? "" : ", ") + key;
  return text;
}

// Keys of a [[target]] table that no field names, reported here (the generic binder
// would point at the scenario reference); returned so that the binder skips them.
std::vector<std::string> unknown_target_keys(const toml::table& root, Diagnostics& diagnostics) {
  std::vector<std::string> known, unknown;
  for (const auto& spec : target_fields()) known.push_back(spec.key);
  const auto* array = root.get_as<toml::array>("target");
  if (!array || !array->is_array_of_tables()) return unknown;
  for (std::size_t i = 0; i < array->size(); ++i) {
    for (const auto& [name, node] : *array->get(i)->as_table()) {
      const std::string key(name.str());
      if (std::find(known.begin(), known.end(), key) != known.end()) continue;
      const std::string near = closest_match(key, known);
      diagnostics.add(position_of(node), "target[" + std::to_string(i) + "]." + key,
                      "unknown key (expected one of " + key_list(known) +
                          (near.empty() ? "" : "; did you mean \"" + near + "\"?") + ")");
      unknown.push_back(key);
    }
  }
  return unknown;
}

void check_top_level(const toml::table& root, Diagnostics& diagnostics) {
  for (const auto& [name, node] : root)
    if (name.str() != "target")
      diagnostics.add(position_of(node), std::string(name.str()),
                      "unknown key (expected only [[target]] tables and `extends`)");
}

std::vector<MomentTarget> bind_targets(const toml::table& root, Diagnostics& diagnostics) {
  BindContext context{diagnostics, nullptr, {}, {"target"}};
  check_top_level(root, diagnostics);
  std::vector<TargetInput> inputs;
  bind_array(root, "target", target_fields(), inputs, context,
             unknown_target_keys(root, diagnostics));
  if (inputs.empty() && !root.contains("target"))
    diagnostics.add(position_of(root), "target",
                    "no targets (expected at least one [[target]] table)");
  std::set<std::string> names;
  std::vector<MomentTarget> targets;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const std::string prefix = "target[" + std::to_string(i) + "]";
    check_target(inputs[i], prefix, context);
    if (!names.insert(inputs[i].name).second)
      diagnostics.add(
          context.positions.at(prefix + ".name"), prefix + ".name",
          "duplicate name (expected a name no other target has, got \"" + inputs[i].name + "\")");
    targets.push_back(to_target(inputs[i]));
  }
  return targets;
}

std::vector<MomentTarget> finish(std::optional<toml::table> root, Diagnostics& diagnostics) {
  if (!root) throw InputError(diagnostics);
  auto targets = bind_targets(*root, diagnostics);
  if (!diagnostics.empty()) {
    diagnostics.sort();
    throw InputError(diagnostics);
  }
  return targets;
}

}  // namespace

YearMonth first_month_read(const MomentTarget& target) {
  if (target.reduction == Reduction::final) return target.to;
  if (target.reduction == Reduction::year_on_year) return target.from.plus(-12);
  return target.from;
}

double reduce_series(const MomentTarget& target, const std::vector<std::string>& labels,
                     const std::vector<double>& values) {
  if (values.size() != labels.size())
    throw std::invalid_argument("moment " + target.name + ": values and labels differ in length");
  const int last = column_of(labels, target.to);
  if (target.reduction == Reduction::final) return values[std::size_t(last)];
  const int first = column_of(labels, target.from);
  if (first > last)
    throw std::invalid_argument("moment " + target.name + ": the window ends before it begins");
  const double start = values[std::size_t(first)], end = values[std::size_t(last)];
  switch (target.reduction) {
    case Reduction::mean:
      return window_sum(values, first, last) / double(last - first + 1);
    case Reduction::sum:
      return window_sum(values, first, last);
    case Reduction::rate: {
      const int months = months_between(target.from, target.to);
      const double ratio = end / start;  // NaN or infinite from 0: undefined
      return months > 0 && std::isfinite(ratio) && ratio >= 0 ? std::pow(ratio, 12.0 / months) - 1
                                                              : std::nan("");
    }
    case Reduction::growth: {
      const double ratio = end / start;
      return std::isfinite(ratio) ? ratio - 1 : std::nan("");
    }
    case Reduction::year_on_year: {
      const int before = column_of(labels, first_month_read(target));
      const double ratio =
          window_sum(values, first, last) / window_sum(values, before, before + last - first);
      return std::isfinite(ratio) ? ratio - 1 : std::nan("");
    }
    case Reduction::final:
      break;
  }
  return values[std::size_t(last)];
}

std::vector<MomentTarget> read_targets(const std::string& path) {
  Diagnostics diagnostics;
  return finish(read_document_file(path, diagnostics), diagnostics);
}

std::vector<MomentTarget> read_targets_text(const std::string& text,
                                            const std::string& source_name) {
  Diagnostics diagnostics;
  return finish(read_document_text(text, source_name, diagnostics), diagnostics);
}

}  // namespace clustersim

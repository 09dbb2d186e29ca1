#pragma once
// Schema-driven input and output beyond single keys: arrays of tables ([[name]]),
// the resolved document written back as TOML with every key explicit (doubles in
// their shortest round-trip form, so a stored input reruns bit for bit), and the
// Markdown reference tables. An `ArrayTable` describes one array of tables of a root
// type once; binding, writing and the reference all follow from that description.
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "sim/schema.hpp"

namespace clustersim {

// TOML text of one value; domain maps are written as { name = value, ... }.
std::string toml_quote(const std::string& text);
std::string toml_real(double value);
std::string toml_value(const FieldValue& value, FieldType type,
                       const std::vector<std::string>& map_keys);

// Markdown reference helpers.
std::string reference_type_name(FieldType type);
std::string reference_allowed(const FieldMeta& meta);
std::string reference_default(const FieldValue& value);
std::string reference_number(double value);

template <class T>
void bind_array(const toml::table& root, const std::string& name,
                const std::vector<FieldSpec<T>>& specs, std::vector<T>& out, BindContext& context,
                const std::vector<std::string>& skip = {}) {
  const auto* node = root.get(name);
  if (!node) return;
  const auto* array = node->as_array();
  if (!array || !array->is_array_of_tables()) {
    context.diagnostics.add(position_of(*node), name,
                            "wrong type (expected an array of tables written [[" + name +
                                "]], got " + describe_node(*node) + ")");
    return;
  }
  for (std::size_t i = 0; i < array->size(); ++i) {
    T item;
    const auto& table = *array->get(i)->as_table();
    const std::string prefix = name + "[" + std::to_string(i) + "]";
    bind_table(table, prefix, specs, item, context, skip);
    // Maps left out take their documented fill value for every name.
    for (const auto& spec : specs) {
      if (spec.type != FieldType::domain_map) continue;
      auto value = get_value(spec, item);
      auto& values = std::get<std::vector<double>>(value);
      if (values.empty()) {
        values.assign(context.domains->size(), spec.fill);
        set_value(spec, item, value);
      }
    }
    context.positions[prefix] = position_of(table);
    out.push_back(std::move(item));
  }
}

template <class T>
void write_fields(std::ostringstream& out, const std::vector<FieldSpec<T>>& specs, const T& object,
                  const std::vector<std::string>& map_keys) {
  T& readable = const_cast<T&>(object);  // accessors take non-const objects; nothing is written
  auto split = [](const std::string& key) {
    const auto dot = key.rfind('.');
    return dot == std::string::npos ? std::pair<std::string, std::string>{"", key}
                                    : std::pair{key.substr(0, dot), key.substr(dot + 1)};
  };
  std::vector<std::string> tables{""};
  for (const auto& spec : specs) {
    const auto table = split(spec.key).first;
    if (std::find(tables.begin(), tables.end(), table) == tables.end()) tables.push_back(table);
  }
  for (const auto& table : tables) {
    if (!table.empty()) out << "\n[" << table << "]\n";
    for (const auto& spec : specs) {
      const auto [spec_table, leaf] = split(spec.key);
      if (spec_table != table) continue;
      out << leaf << " = " << toml_value(get_value(spec, readable), spec.type, map_keys);
      if (!spec.unit.empty() && spec.unit != "1") out << "  # " << spec.unit;
      out << '\n';
    }
  }
}

template <class T>
void write_items(std::ostringstream& out, const std::string& name,
                 const std::vector<FieldSpec<T>>& specs, const std::vector<T>& items,
                 const std::vector<std::string>& map_keys) {
  for (const auto& item : items) {
    out << "\n[[" << name << "]]\n";
    write_fields(out, specs, item, map_keys);
  }
}

template <class T>
void reference_table(std::ostringstream& out, const std::string& title, const std::string& intro,
                     const std::string& prefix, const std::vector<FieldSpec<T>>& specs) {
  out << "\n## " << title << "\n\n" << intro << "\n\n";
  out << "| key | type | unit | default | allowed | meaning |\n|---|---|---|---|---|---|\n";
  T defaults{};
  for (const auto& spec : specs) {
    std::string fallback =
        spec.required ? "required" : reference_default(get_value(spec, defaults));
    if (spec.type == FieldType::domain_map)
      fallback = reference_number(spec.fill) + " for each domain";
    std::string unit = spec.unit.empty() ? "" : spec.unit;
    out << "| `" << prefix << spec.key << "` | " << reference_type_name(spec.type) << " | " << unit
        << " | " << fallback << " | " << reference_allowed(meta_of(spec)) << " | " << spec.meaning
        << (spec.schedulable ? " *Events may change it.*" : "") << " |\n";
  }
}

// One array of tables of `Root`: its name, its reference section and how to bind,
// write and document it.
template <class Root>
struct ArrayTable {
  std::string name, title, intro;
  std::function<void(const toml::table& root, Root& object, BindContext& context)> bind;
  std::function<void(std::ostringstream& out, const Root& object,
                     const std::vector<std::string>& map_keys)>
      write;
  std::function<void(std::ostringstream& out)> reference;
};

// `extra` writes keys the specs do not cover (for example a table of scheduled changes)
// after each item's fields; keys in `skip` are bound by the caller.
template <class Root, class Item>
ArrayTable<Root> array_table(std::string name, std::string title, std::string intro,
                             std::vector<Item> Root::*member,
                             const std::vector<FieldSpec<Item>>& specs,
                             std::vector<std::string> skip = {},
                             std::function<void(std::ostringstream&, const Item&)> extra = {}) {
  ArrayTable<Root> table{name, std::move(title), std::move(intro), {}, {}, {}};
  table.bind = [name, member, &specs, skip](const toml::table& root, Root& object,
                                            BindContext& context) {
    bind_array(root, name, specs, object.*member, context, skip);
  };
  table.write = [name, member, &specs, extra](std::ostringstream& out, const Root& object,
                                              const std::vector<std::string>& map_keys) {
    for (const auto& item : object.*member) {
      out << "\n[[" << name << "]]\n";
      write_fields(out, specs, item, map_keys);
      if (extra) extra(out, item);
    }
  };
  table.reference = [t = table.title, i = table.intro, name, &specs](std::ostringstream& out) {
    reference_table(out, t, i, name + "[].", specs);
  };
  return table;
}

}  // namespace clustersim

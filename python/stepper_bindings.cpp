// The stepper for Python: step, metrics so far, and the firms' state between steps: every
// per-firm array of the model (models/state.hpp's list, alive firms in slot order), the
// snapshot `run` stores, and the partner network the page draws.
#include <pybind11/stl.h>

#include <type_traits>

#include "arrays.hpp"
#include "bindings.hpp"
#include "models/networks/network_view.hpp"
#include "models/snapshot.hpp"
#include "stepper.hpp"

namespace clustersim::python {
namespace {

std::string enum_name(SizeClass v) {
  return std::string(name_of(kSizeClassNames, v));
}
std::string enum_name(ProjectType v) {
  return std::string(name_of(kProjectTypeNames, v));
}
std::string enum_name(ProjectEvent v) {
  return std::string(name_of(kProjectEventNames, v));
}

// The entries of alive firms: a column (width 1) or alive x width; enumerations by name.
template <class T>
py::object alive_values(const std::vector<T>& values, std::size_t width,
                        const std::vector<int>& alive) {
  const std::vector<py::ssize_t> shape =
      width == 1 ? std::vector<py::ssize_t>{py::ssize_t(alive.size())}
                 : std::vector<py::ssize_t>{py::ssize_t(alive.size()), py::ssize_t(width)};
  if constexpr (std::is_enum_v<T>) {
    std::vector<std::string> names;
    for (int i : alive)
      for (std::size_t w = 0; w < width; ++w) names.push_back(enum_name(values[i * width + w]));
    py::object array =
        py::module_::import("numpy").attr("array")(names, py::arg("dtype") = "object");
    return array.attr("reshape")(shape);
  } else {
    std::vector<T> out;
    out.reserve(alive.size() * width);
    for (int i : alive)
      for (std::size_t w = 0; w < width; ++w) out.push_back(values[std::size_t(i) * width + w]);
    return to_array(out, shape);
  }
}

py::object alive_rows(const DomainMatrix& matrix, const std::vector<int>& alive) {
  std::vector<double> out;
  for (int i : alive)
    for (Eigen::Index d = 0; d < matrix.cols(); ++d) out.push_back(matrix(i, d));
  return to_array(out, {py::ssize_t(alive.size()), py::ssize_t(matrix.cols())});
}

// A pooled list of each alive firm (FirmState::links, ::formers) as alive x width,
// padded with `empty` past the firm's block.
template <class T, class Of, class Capacity>
py::object alive_pooled(const std::vector<int>& alive, int width, T empty, Of of,
                        Capacity capacity) {
  std::vector<T> out;
  out.reserve(alive.size() * std::size_t(width));
  for (int i : alive) {
    const T* values = of(i);
    for (int w = 0; w < width; ++w) out.push_back(w < capacity(i) ? values[w] : empty);
  }
  return to_array(out, {py::ssize_t(alive.size()), py::ssize_t(width)});
}

// Every per-firm array and matrix of FirmState, for the firms alive; the pooled partner
// ids, trust and ex-partners as `partner`, `trust` and `former`, partner_slots wide.
py::dict firm_state(const World& world) {
  const FirmState& f = world.firms;
  std::vector<int> alive;
  for (int i = 0; i < f.capacity; ++i)
    if (f.alive[std::size_t(i)]) alive.push_back(i);
  py::dict state;
  state["slot"] = to_array(alive);
  const int partner_slots = f.partner_slots;  // the width of partner, trust, former
#define CLUSTERSIM_PY_ARRAY(type, name, width, initial) \
  state[#name] = alive_values(f.name, std::size_t(width), alive);
  CLUSTERSIM_FIRM_ARRAYS(CLUSTERSIM_PY_ARRAY)
#undef CLUSTERSIM_PY_ARRAY
#define CLUSTERSIM_PY_MATRIX(name) state[#name] = alive_rows(f.name, alive);
  CLUSTERSIM_FIRM_MATRICES(CLUSTERSIM_PY_MATRIX)
#undef CLUSTERSIM_PY_MATRIX
  auto link_capacity = [&f](int i) { return f.link_capacity(i); };
  state["partner"] = alive_pooled<std::int32_t>(
      alive, partner_slots, kNoAgent, [&f](int i) { return f.partners_of(i); }, link_capacity);
  state["trust"] = alive_pooled<double>(
      alive, partner_slots, 0.0, [&f](int i) { return f.trust_of(i); }, link_capacity);
  state["former"] = alive_pooled<std::int32_t>(
      alive, partner_slots, kNoAgent, [&f](int i) { return f.formers_of(i); },
      [&f](int i) { return f.former_capacity(i); });
  return state;
}

py::dict network_dict(const NetworkView& view) {
  py::list nodes, links;
  for (const auto& n : view.nodes) nodes.append(py::make_tuple(n.id, n.kind, n.cluster, n.size));
  for (const auto& l : view.links) links.append(py::make_tuple(l.source, l.target, l.trust));
  py::dict d;
  d["label"] = view.label;
  d["nodes"] = nodes;
  d["links"] = links;
  return d;
}

}  // namespace

void bind_stepper(py::module_& m) {
  py::class_<Stepper>(m, "Stepper")
      .def(py::init<LoadedScenario, int>(), py::arg("scenario"), py::arg("threads") = 0)
      .def("step", &Stepper::step, py::arg("months") = 1)
      .def_property_readonly("months_done", &Stepper::months_done)
      .def_property_readonly("months", &Stepper::months)
      .def_property_readonly("replications", &Stepper::replications)
      .def_property_readonly("labels", &Stepper::labels)
      .def_property_readonly("scenario", &Stepper::scenario)
      .def_property_readonly("table", [](const Stepper& s) { return s.table(); })
      .def(
          "firm_state", [](const Stepper& s, int r) { return firm_state(s.world(r)); },
          py::arg("replication"))
      .def(
          "snapshot",
          [](const Stepper& s, int r) { return group_dict(capture_snapshot(s.world(r))); },
          py::arg("replication"))
      .def(
          "network",
          [](const Stepper& s, int r) {
            return network_dict(network_view(s.world(r), s.labels()[std::size_t(s.months_done())]));
          },
          py::arg("replication"));
}

}  // namespace clustersim::python

#include "models/state.hpp"

#include "sim/interrupt.hpp"

namespace clustersim {

void FirmState::resize(int n, int slots, int d) {
  capacity = n;
  partner_slots = slots;
  domains = d;
  const auto size = static_cast<std::size_t>(n);
  for_each_array(
      [size](auto& v, std::size_t width, auto initial) {
        throw_if_stopped();  // each array of a large world takes a while to fill
        v.assign(size * width, initial);
      },
      [n, d](DomainMatrix& m) {
        throw_if_stopped();
        m.setZero(n, d);
      });
  const std::size_t reserved = size * reserved_entries(slots);
  links.reset(slots, true, reserved);
  formers.reset(slots, false, reserved);
}

std::size_t FirmState::bytes_per_slot() const {
  std::size_t total = 0;
  const_cast<FirmState*>(this)->for_each_array(  // visits only; nothing is written
      [&total](const auto& v, std::size_t, auto) { total += v.size() * sizeof(*v.data()); },
      [&total](const DomainMatrix& m) { total += std::size_t(m.size()) * sizeof(double); });
  total += links.bytes() + formers.bytes();
  return capacity > 0 ? total / static_cast<std::size_t>(capacity) : 0;
}

}  // namespace clustersim

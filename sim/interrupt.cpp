#include "sim/interrupt.hpp"

#include <csignal>

namespace clustersim {
namespace {
std::atomic<bool> g_interrupted{false};
extern "C" void on_signal(int) {
  g_interrupted.store(true);
}
}  // namespace

void install_interrupt_handlers() {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
}

const std::atomic<bool>& interrupt_flag() {
  return g_interrupted;
}

}  // namespace clustersim

#include "sim/interrupt.hpp"

#include <csignal>

namespace clustersim {
namespace {
std::atomic<bool> g_interrupted{false};
thread_local StopFlags t_flags;
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

StopScope::StopScope(const std::atomic<bool>* stop, const std::atomic<bool>* failed)
    : previous_(t_flags) {
  t_flags = {stop, failed};
}

StopScope::~StopScope() {
  t_flags = previous_;
}

StopFlags current_stop_flags() {
  return t_flags;
}

void throw_if_stopped() {
  throw_if_set(t_flags);
}

}  // namespace clustersim

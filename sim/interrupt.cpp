#include "sim/interrupt.hpp"

#include <csignal>

namespace clustersim {
namespace {
std::atomic<bool> g_interrupted{false};
thread_local const std::atomic<bool>* t_stop = nullptr;
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

StopScope::StopScope(const std::atomic<bool>* stop) : previous_(t_stop) {
  t_stop = stop;
}

StopScope::~StopScope() {
  t_stop = previous_;
}

const std::atomic<bool>* current_stop_flag() {
  return t_stop;
}

void throw_if_stopped() {
  throw_if_set(t_stop);
}

}  // namespace clustersim

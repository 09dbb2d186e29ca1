#pragma once
// SIGINT and SIGTERM set a flag that the runner checks between months, so an
// interrupted run stops cleanly and its caller can remove partial output.
#include <atomic>

namespace clustersim {

void install_interrupt_handlers();
const std::atomic<bool>& interrupt_flag();

}  // namespace clustersim

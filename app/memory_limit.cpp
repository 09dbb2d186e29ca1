#include "app/memory_limit.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <thread>

#include "models/memory_estimate.hpp"
#include "sim/diagnostics.hpp"

namespace clustersim::app {
namespace {

constexpr double kDefaultShare = 0.8;  // of physical memory: room for the system

std::string limit_origin(const po::variables_map& values) {
  return values.count("max-memory") ? "--max-memory"
                                    : "default: 80% of the " + byte_text(physical_memory()) +
                                          " of physical memory; raise it with --max-memory";
}

}  // namespace

void add_memory_option(po::options_description& options) {
  options.add_options()("max-memory", po::value<std::string>(),
                        "refuse a run whose memory estimate is above this, e.g. 8G or 512M "
                        "(default: 80% of physical memory; 0: no limit)");
}

std::uint64_t parse_memory_size(const std::string& text) {
  std::uint64_t number = 0;
  const char* end = text.data() + text.size();
  const auto [rest, error] = std::from_chars(text.data(), end, number);
  int shift = 0;
  if (rest != end && rest + 1 == end) {
    const char unit = char(std::toupper(static_cast<unsigned char>(*rest)));
    const std::string units = "KMGT";
    const auto at = units.find(unit);
    shift = at == std::string::npos ? -1 : 10 * int(at + 1);
  } else if (rest != end) {
    shift = -1;
  }
  if (text.empty() || error != std::errc() || shift < 0 || (number >> (63 - shift)) != 0)
    throw InputError("command line: --max-memory " + text +
                     ": expected a size such as 8G, 512M or a number of bytes (0: no limit)");
  return number << shift;
}

std::uint64_t physical_memory() {
  const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGE_SIZE);
  return pages > 0 && page > 0 ? std::uint64_t(pages) * std::uint64_t(page) : 0;
}

std::uint64_t memory_limit_option(const po::variables_map& values) {
  if (values.count("max-memory")) return parse_memory_size(values["max-memory"].as<std::string>());
  return std::uint64_t(double(physical_memory()) * kDefaultShare);
}

void check_memory(const Scenario& scenario, const po::variables_map& values, int tables) {
  const std::uint64_t limit = memory_limit_option(values);
  if (limit == 0) return;
  const int threads = threads_option(values);
  const int workers =
      threads > 0 ? threads : int(std::max(1u, std::thread::hardware_concurrency()));
  const MemoryEstimate estimate = estimate_memory(scenario, workers, tables);
  if (estimate.total_bytes <= limit) return;
  throw InputError("memory: the run needs " + estimate.describe() + ", above the limit of " +
                   byte_text(limit) + " (" + limit_origin(values) +
                   "); expected fewer firms (or a lower max_firms), replications, months or "
                   "threads");
}

}  // namespace clustersim::app

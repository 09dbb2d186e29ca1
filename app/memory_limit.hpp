#pragma once
// --max-memory: commands that run ensembles refuse, before allocating anything, a run
// whose memory estimate (models/memory_estimate.hpp) is above the limit.
#include <cstdint>
#include <string>

#include "app/options.hpp"
#include "models/scenario/scenario.hpp"

namespace clustersim::app {

// Adds --max-memory to a command's options.
void add_memory_option(po::options_description& options);

// "8G", "512M", "64k", "1000000" (bytes; K, M, G, T are powers of 1024); 0: no limit.
// Throws InputError naming --max-memory.
std::uint64_t parse_memory_size(const std::string& text);

// Physical memory (sysconf), 0 when unknown.
std::uint64_t physical_memory();

// --max-memory as given, else 80% of physical memory (0 when unknown: no limit).
std::uint64_t memory_limit_option(const po::variables_map& values);

// Throws InputError (exit 2) when running `scenario` with the command's --threads,
// holding `tables` whole metric tables (estimate_memory), needs more than the memory
// limit (memory_limit_option).
void check_memory(const Scenario& scenario, const po::variables_map& values, int tables);

}  // namespace clustersim::app

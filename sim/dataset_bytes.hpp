#pragma once
// A DatasetGroup as bytes and back, exactly (every value, unit, shape, attribute and
// child): for groups made in one process and written by another (an MPI worker's
// snapshots, which rank 0 writes).
#include <string>

#include "sim/dataset.hpp"

namespace clustersim {

std::string group_to_bytes(const DatasetGroup& group);
// Throws std::runtime_error on bytes group_to_bytes did not make.
DatasetGroup group_from_bytes(const std::string& bytes);

}  // namespace clustersim

#include "analysis/run_distribution.hpp"

namespace clustersim {
namespace {
RunDistributor* installed_distributor = nullptr;
const RunShard* installed_shard = nullptr;
}  // namespace

void set_run_distributor(RunDistributor* distributor) {
  installed_distributor = distributor;
}
RunDistributor* run_distributor() {
  return installed_distributor;
}
void set_run_shard(const RunShard* shard) {
  installed_shard = shard;
}
const RunShard* run_shard() {
  return installed_shard;
}

}  // namespace clustersim

#pragma once
// The program's MPI job, when it was started by mpirun or srun (an MPI launcher's
// environment variables are set) and built with MPI (CLUSTERSIM_MPI): one process per
// rank, rank 0 coordinating and writing, the others making runs (docs/scaling.md).
// Without MPI, or started directly, the program is one process as always.
#include <memory>

#include "analysis/run_distribution.hpp"

namespace clustersim::app {

class MpiJob {
 public:
  MpiJob(int* argc, char*** argv);  // MPI_Init when launched as a job
  ~MpiJob();                        // MPI_Finalize, once every rank is done
  MpiJob(const MpiJob&) = delete;
  MpiJob& operator=(const MpiJob&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }
  // The runs' distributor of a job of several ranks, else nullptr.
  RunDistributor* distributor() { return distributor_.get(); }
  // Rank 0 ended with `code` before the workers were done: ends every rank (MPI_Abort),
  // so that none waits for work forever. Does nothing in a job of one rank.
  void end_all(int code);

 private:
  int rank_ = 0, size_ = 1;
  bool initialised_ = false;
  std::unique_ptr<RunDistributor> distributor_;
};

}  // namespace clustersim::app

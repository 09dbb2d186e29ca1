#include "app/mpi_runs.hpp"

#include <cstdlib>

#ifdef CLUSTERSIM_HAVE_MPI
// The C API only: Open MPI's deprecated C++ bindings need a library we do not link.
#define OMPI_SKIP_MPICXX 1
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>

#include <chrono>
#include <iostream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "sim/interrupt.hpp"
#endif

namespace clustersim::app {
namespace {

// Set by mpirun (Open MPI), srun (PMIx, PMI-2), mpiexec.hydra (PMI).
bool launched_as_job() {
  for (const char* variable : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE", "PMI_RANK"})
    if (std::getenv(variable)) return true;
  return false;
}

#ifdef CLUSTERSIM_HAVE_MPI

enum Tag : int { kAsk = 1, kResult = 2, kFailure = 3, kWork = 4, kAttachment = 5 };

// Waits without spinning a core: MPI's blocking calls poll, which on a node with more
// ranks than cores would take the workers' time.
void wait_politely(MPI_Request& request) {
  for (int done = 0;;) {
    MPI_Test(&request, &done, MPI_STATUS_IGNORE);
    if (done) return;
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
}

std::string run_name(int v, int r) {
  return "run (variant " + std::to_string(v) + ", replication " + std::to_string(r) + ")";
}

// A run's series as doubles: variant, replication, metrics, columns, then the values.
std::vector<double> pack(int v, int r, const ReplicationSeries& series) {
  std::vector<double> buffer = {double(v), double(r), double(series.metrics()),
                                double(series.columns())};
  for (int m = 0; m < series.metrics(); ++m)
    buffer.insert(buffer.end(), series.row(m), series.row(m) + series.columns());
  return buffer;
}

SharedRun unpack(const std::vector<double>& buffer) {
  SharedRun run{int(buffer[0]), int(buffer[1]), ReplicationSeries(int(buffer[2]), int(buffer[3]))};
  std::size_t at = 4;
  for (int m = 0; m < run.series.metrics(); ++m)
    for (int t = 0; t < run.series.columns(); ++t) run.series.at(m, t) = buffer[at++];
  return run;
}

class MpiDistributor final : public RunDistributor {
 public:
  MpiDistributor(int rank, int size) : rank_(rank), size_(size) {}

  bool coordinator() const override { return rank_ == 0; }

  void coordinate(const std::vector<std::pair<int, int>>& pending,
                  const std::function<void(const SharedRun&)>& finished,
                  const std::atomic<bool>* stop) override {
    std::size_t next = 0;
    int serving = size_ - 1;  // workers not yet told this call is done
    std::vector<std::pair<int, int>> running(std::size_t(size_), {-1, -1});
    while (serving > 0) {
      int arrived = 0;
      MPI_Status status;
      MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &arrived, &status);
      if (!arrived) {
        if (stop && stop->load()) stopped(running);
        std::this_thread::sleep_for(std::chrono::microseconds(200));
        continue;
      }
      const int source = status.MPI_SOURCE;
      const auto [v, r] = running[std::size_t(source)];
      if (status.MPI_TAG == kFailure) throw RunFailedOnRank(failure(status, v, r));
      std::vector<double> result;
      std::string attachment;
      if (status.MPI_TAG == kResult) {
        int count = 0;
        MPI_Get_count(&status, MPI_DOUBLE, &count);
        result.resize(std::size_t(count));
        MPI_Recv(result.data(), count, MPI_DOUBLE, source, kResult, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
        attachment = receive_attachment(source);
      } else {
        int ask = 0;
        MPI_Recv(&ask, 1, MPI_INT, source, kAsk, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      }
      // The next run first, so the worker does not wait while this rank writes.
      int work[2] = {-1, -1};
      if (next < pending.size() && !(stop && stop->load())) {
        work[0] = pending[next].first;
        work[1] = pending[next].second;
        ++next;
      } else {
        --serving;
      }
      running[std::size_t(source)] = {work[0], work[1]};
      MPI_Send(work, 2, MPI_INT, source, kWork, MPI_COMM_WORLD);
      if (!result.empty()) {
        SharedRun run = unpack(result);
        run.attachment = std::move(attachment);
        finished(run);
      }
    }
    if (stop && stop->load()) throw Interrupted{};
  }

  void serve(const std::function<SharedRun(int, int)>& run, const std::atomic<bool>*) override {
    int ask = 0;
    MPI_Send(&ask, 1, MPI_INT, 0, kAsk, MPI_COMM_WORLD);
    for (;;) {
      int work[2] = {-1, -1};
      MPI_Request request;
      MPI_Irecv(work, 2, MPI_INT, 0, kWork, MPI_COMM_WORLD, &request);
      wait_politely(request);
      if (work[0] < 0) return;
      std::vector<double> result;
      std::string attachment;
      try {
        SharedRun made = run(work[0], work[1]);
        result = pack(work[0], work[1], made.series);
        attachment = std::move(made.attachment);
      } catch (const std::exception& error) {
        report_failure(error.what());
      } catch (const Interrupted&) {
        report_failure("interrupted (SIGINT or SIGTERM on this rank)");
      } catch (...) {
        report_failure("unknown error");
      }
      MPI_Send(result.data(), int(result.size()), MPI_DOUBLE, 0, kResult, MPI_COMM_WORLD);
      // Always sent, maybe empty: rank 0 receives it right after the result.
      MPI_Send(attachment.data(), int(attachment.size()), MPI_CHAR, 0, kAttachment, MPI_COMM_WORLD);
    }
  }

  void share_runs(std::vector<SharedRun>& runs) override {
    long count = long(runs.size());
    broadcast(&count, 1, MPI_LONG);
    if (rank_ != 0) runs.clear();
    for (long i = 0; i < count; ++i) {
      std::vector<double> buffer;
      if (rank_ == 0)
        buffer = pack(runs[std::size_t(i)].variant, runs[std::size_t(i)].replication,
                      runs[std::size_t(i)].series);
      long size = long(buffer.size());
      broadcast(&size, 1, MPI_LONG);
      buffer.resize(std::size_t(size));
      broadcast(buffer.data(), int(size), MPI_DOUBLE);
      if (rank_ != 0) runs.push_back(unpack(buffer));
    }
  }

  std::string share_text(const std::string& text) override {
    std::string shared = rank_ == 0 ? text : std::string();
    long size = long(shared.size());
    broadcast(&size, 1, MPI_LONG);
    shared.resize(std::size_t(size));
    broadcast(shared.data(), int(size), MPI_CHAR);
    return shared;
  }

 private:
  static void broadcast(void* data, int count, MPI_Datatype type) {
    MPI_Request request;
    MPI_Ibcast(data, count, type, 0, MPI_COMM_WORLD, &request);
    wait_politely(request);
  }

  static std::string receive_attachment(int source) {
    MPI_Status status;
    MPI_Probe(source, kAttachment, MPI_COMM_WORLD, &status);
    int count = 0;
    MPI_Get_count(&status, MPI_CHAR, &count);
    std::string bytes(std::size_t(count), '\0');
    MPI_Recv(bytes.data(), count, MPI_CHAR, source, kAttachment, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    return bytes;
  }

  // Tells rank 0 and waits to be ended (rank 0 reports, then aborts the job).
  [[noreturn]] void report_failure(const std::string& what) {
    MPI_Send(what.data(), int(what.size()), MPI_CHAR, 0, kFailure, MPI_COMM_WORLD);
    for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
  }

  std::string failure(const MPI_Status& status, int v, int r) {
    int count = 0;
    MPI_Get_count(&status, MPI_CHAR, &count);
    std::string what(std::size_t(count), ' ');
    MPI_Recv(what.data(), count, MPI_CHAR, status.MPI_SOURCE, kFailure, MPI_COMM_WORLD,
             MPI_STATUS_IGNORE);
    return "rank " + std::to_string(status.MPI_SOURCE) + " failed making " + run_name(v, r) + ": " +
           what;
  }

  // A stop on rank 0 (SIGINT, or SIGTERM from mpirun because a rank died): says what
  // each rank was making, then ends.
  [[noreturn]] void stopped(const std::vector<std::pair<int, int>>& running) {
    std::string text = "clustersim: stopped while";
    bool any = false;
    for (int k = 1; k < size_; ++k)
      if (running[std::size_t(k)].first >= 0) {
        text += std::string(any ? "," : "") + " rank " + std::to_string(k) + " was making " +
                run_name(running[std::size_t(k)].first, running[std::size_t(k)].second);
        any = true;
      }
    std::cerr << (any ? text : "clustersim: stopped between runs") << '\n';
    throw Interrupted{};
  }

  int rank_, size_;
};

#endif

}  // namespace

MpiJob::MpiJob(int* argc, char*** argv) {
#ifdef CLUSTERSIM_HAVE_MPI
  if (!launched_as_job()) return;
  int provided = 0;
  // Only the main thread calls MPI; the runs' own threads (oneTBB) never do.
  MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided);
  initialised_ = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  if (size_ > 1) distributor_ = std::make_unique<MpiDistributor>(rank_, size_);
#else
  (void)argc;
  (void)argv;
  (void)launched_as_job;
#endif
}

MpiJob::~MpiJob() {
#ifdef CLUSTERSIM_HAVE_MPI
  if (!initialised_) return;
  // A polite barrier: workers done early do not spin while rank 0 writes.
  MPI_Request request;
  MPI_Ibarrier(MPI_COMM_WORLD, &request);
  wait_politely(request);
  MPI_Finalize();
#endif
}

void MpiJob::end_all(int code) {
#ifdef CLUSTERSIM_HAVE_MPI
  if (initialised_ && size_ > 1) MPI_Abort(MPI_COMM_WORLD, code);
#else
  (void)code;
#endif
}

}  // namespace clustersim::app

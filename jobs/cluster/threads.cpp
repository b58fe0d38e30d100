#include "jobs/cluster/threads.hpp"

#include <cstdlib>
#include <string>

namespace basketgap {

std::unique_ptr<tbb::global_control> limit_threads(int requested) {
  int threads = requested;
  if (threads <= 0) {
    if (const char* slurm = std::getenv("SLURM_CPUS_PER_TASK")) threads = std::atoi(slurm);
  }
  if (threads <= 0) return nullptr;
  return std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                               static_cast<std::size_t>(threads));
}

}  // namespace basketgap

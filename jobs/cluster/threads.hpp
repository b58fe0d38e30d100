// How many TBB threads a rank uses: --threads, else SLURM_CPUS_PER_TASK, else all cores.
#pragma once

#include <memory>

#include <tbb/global_control.h>

namespace basketgap {

// Keeps the limit for its lifetime; `requested` 0 means "decide from the environment".
std::unique_ptr<tbb::global_control> limit_threads(int requested);

}  // namespace basketgap

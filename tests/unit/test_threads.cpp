// How many threads a rank uses (jobs/cluster/threads.hpp): --threads first, else the Slurm
// allocation's SLURM_CPUS_PER_TASK, else every core (no limit).
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <cstdlib>

#include "jobs/cluster/threads.hpp"

namespace {
std::size_t parallelism() {
  return tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism);
}

// Sets or clears SLURM_CPUS_PER_TASK for one test and restores it after.
class SlurmCpus {
 public:
  explicit SlurmCpus(const char* value) {
    if (const char* old = std::getenv("SLURM_CPUS_PER_TASK")) old_ = old, had_ = true;
    if (value)
      setenv("SLURM_CPUS_PER_TASK", value, 1);
    else
      unsetenv("SLURM_CPUS_PER_TASK");
  }
  ~SlurmCpus() {
    if (had_)
      setenv("SLURM_CPUS_PER_TASK", old_.c_str(), 1);
    else
      unsetenv("SLURM_CPUS_PER_TASK");
  }

 private:
  std::string old_;
  bool had_ = false;
};
}  // namespace

TEST(Threads, SlurmsCpusPerTaskLimitTheThreadsWithoutThreadsOption) {
  const SlurmCpus one("1");
  const auto limit = basketgap::limit_threads(0);
  ASSERT_NE(limit, nullptr);
  EXPECT_EQ(parallelism(), 1u);
}

TEST(Threads, TheThreadsOptionComesFirst) {
  const SlurmCpus one("1");
  const auto limit = basketgap::limit_threads(2);
  ASSERT_NE(limit, nullptr);
  EXPECT_EQ(parallelism(), 2u);
}

TEST(Threads, NeitherMeansNoLimit) {
  const SlurmCpus none(nullptr);
  EXPECT_EQ(basketgap::limit_threads(0), nullptr);
}

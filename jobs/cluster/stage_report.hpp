// What each stage of a job sends and how evenly its ranks worked, for the Slurm log: a scope
// per stage whose explicit finish() gathers every rank's traffic (CommTraffic), rows,
// households and seconds to rank 0, which logs two lines, e.g.
//   score/context traffic: 3 ranks, 25 collectives; sent 12.3 MB (min 3.9 MB rank 1, max ...
//   score/context balance: 2.41 s; rows min 99.0k (rank 2) max 104.0k (rank 0), max/mean ...
// (with -v also one line per rank), and one total line per job. docs/RUNBOOK.md reads them.
#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "jobs/cluster/comm.hpp"

namespace basketgap {

// One rank's figures for one stage (travels to rank 0 as bytes).
struct StageFigures {
  CommTraffic traffic;  // exchanged through Comm during the stage
  std::int64_t rows = 0, households = 0;
  double seconds = 0;
};

// The job's tally: the traffic since it was made, less the stage reports' own gathers.
class JobTraffic {
 public:
  JobTraffic(std::string job, const Comm& comm);
  // Collective: rank 0 logs the job's bytes summed over ranks and its collectives (the most of
  // any rank), and returns them (nothing elsewhere).
  CommTraffic finish();

 private:
  friend class StageReport;
  std::string job_;
  const Comm& comm_;
  CommTraffic start_;
  CommTraffic accounting_;  // the stage reports' gathers, left out of every figure
  std::uint64_t stages_ = 0;
};

class StageReport {
 public:
  // `job` nullptr: no report, no collective (callers that log no stages, e.g. evaluate).
  StageReport(JobTraffic* job, std::string stage, std::string rows_unit = "rows");
  // What this rank processed in the stage.
  void set_work(std::int64_t rows, std::int64_t households) {
    figures_.rows = rows;
    figures_.households = households;
  }
  // Collective: every rank calls it, stages in the same order. Nothing collective happens in
  // the destructor, so a stage left by an exception reports nothing. Returns every rank's
  // figures on rank 0 (empty elsewhere).
  std::vector<StageFigures> finish();

 private:
  JobTraffic* job_;
  std::string stage_, rows_unit_;
  StageFigures figures_;
  CommTraffic start_;
  std::chrono::steady_clock::time_point started_;
};

// The two summary lines (traffic, balance) of a stage from every rank's figures.
std::vector<std::string> stage_summary(const std::string& stage, std::span<const StageFigures> ranks,
                                       const std::string& rows_unit = "rows");

}  // namespace basketgap

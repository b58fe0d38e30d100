#include "io/errors.hpp"
#include "jobs/comm.hpp"
#include "jobs/jobs.hpp"

namespace basketgap {
int run_ingest(const IngestOptions&, const Comm&) { throw Error(exit_internal, "ingest: not implemented yet"); }
}  // namespace basketgap

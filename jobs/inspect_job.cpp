#include "io/errors.hpp"
#include "jobs/comm.hpp"
#include "jobs/jobs.hpp"

namespace basketgap {
int run_inspect(const InspectOptions&, const Comm&) { throw Error(exit_internal, "inspect: not implemented yet"); }
}  // namespace basketgap

#include "io/errors.hpp"
#include "jobs/comm.hpp"
#include "jobs/jobs.hpp"

namespace basketgap {
int run_generate(const GenerateOptions&, const Comm&) { throw Error(exit_internal, "generate: not implemented yet"); }
}  // namespace basketgap

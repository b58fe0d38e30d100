#include "jobs/collective_errors.hpp"

#include "jobs/comm.hpp"

namespace basketgap {

int agree_on_exit_code(int code, const Comm& comm) { return comm.allreduce(code, ReduceOp::max); }

}  // namespace basketgap

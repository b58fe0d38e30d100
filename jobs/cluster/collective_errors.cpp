#include "jobs/cluster/collective_errors.hpp"

#include "jobs/cluster/comm.hpp"

namespace basketgap {

int agree_on_exit_code(int code, const Comm& comm) { return comm.allreduce(code, ReduceOp::max); }

}  // namespace basketgap

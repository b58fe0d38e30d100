// Named points where a test can stop a job to kill it there (the way etcd's gofail or TiKV's
// fail points do): with BASKETGAP_FAILPOINT=<name> in the environment, the process that
// reaches point <name> logs "failpoint <name>: paused" and sleeps until it is killed; with
// <name>:until-stop it waits there until SIGTERM/SIGINT asks it to stop, then goes on to its
// next stop check (a signal test that cannot lose the race with the job's end); with
// <name>:fail-rank0 rank 0 throws an I/O error (74) there and the other ranks go on; with
// <name>:until-file=PATH it waits there until PATH exists (or a stop signal), then goes on; with
// <name>:bug every rank throws an exception that is no basketgap::Error (a bug: exit 1). Unset
// (always, in production) a point costs one getenv.
#pragma once

namespace basketgap {

void failpoint(const char* name);

}  // namespace basketgap

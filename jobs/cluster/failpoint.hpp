// Named points where a test can stop a job to kill it there (the way etcd's gofail or TiKV's
// fail points do): with BASKETGAP_FAILPOINT=<name> in the environment, the process that
// reaches point <name> logs "failpoint <name>: paused" and sleeps until it is killed. Unset
// (always, in production) a point costs one getenv.
#pragma once

namespace basketgap {

void failpoint(const char* name);

}  // namespace basketgap

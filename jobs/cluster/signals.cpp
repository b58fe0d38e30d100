#include "jobs/cluster/signals.hpp"

#include <csignal>
#include <string>

#include "io/errors.hpp"
#include "jobs/cluster/comm.hpp"

namespace basketgap {
namespace {
volatile std::sig_atomic_t g_stop = 0;
extern "C" void on_stop_signal(int) { g_stop = 1; }
}  // namespace

void install_stop_signal_handlers() {
  std::signal(SIGTERM, on_stop_signal);
  std::signal(SIGINT, on_stop_signal);
}

bool stop_requested() { return g_stop != 0; }

void throw_if_stop_requested(const char* stage) {
  if (stop_requested())
    throw Error(exit_interrupted, std::string("stopped by a signal during ") + stage +
                                      "; no output was published, rerun to redo it");
}

void throw_if_stop_requested_on_any_rank(const char* stage, const Comm& comm) {
  if (comm.any(stop_requested()))
    throw Error(exit_interrupted, std::string("stopped by a signal during ") + stage +
                                      "; no output was published, rerun to resume")
        .raised_on_all_ranks();
}

}  // namespace basketgap

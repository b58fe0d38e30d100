// What `evaluate --tune --tuned-config FILE` writes: the [score] configuration the search chose,
// as a TOML file that `score --config FILE` reads, so that the choice an analyst validated is
// the one the nightly run uses. Comments above it say where and how it was chosen.
#pragma once

#include <string>

#include "jobs/evaluate/results.hpp"
#include "jobs/jobs.hpp"

namespace basketgap::evaluate {

// The file's text for the window as of --as-of (`result`, judged with --tune at --k), with
// k = `kept_k` (the --config file's, else --k), then the --config file's [campaign] section
// (`campaign`, as describe() writes it; "" without one) so that the file is the whole
// configuration of a night. Error when the engine did not run.
std::string tuned_config_text(const EvaluateOptions& options, const Result& result, int kept_k,
                              const std::string& campaign);

}  // namespace basketgap::evaluate

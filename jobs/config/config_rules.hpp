// What a single key cannot check: rules between keys, and paths that depend on where the
// config file is.
#pragma once

#include <toml++/toml.h>

#include <string>

#include "jobs/config/job_config.hpp"

namespace basketgap {

// Throws UsageError at the section of a broken rule; resolves campaign.offers against the
// folder of `path`.
void apply_rules(JobConfig& config, const toml::table& root, const std::string& path);

// `--k` in place of score.k: the same rule (reward_slots + discovery_slots <= k), or UsageError
// naming the option and the config file (`config_path`, empty for the defaults).
void override_k(engine::ScoreConfig& score, int k, const std::string& config_path);

}  // namespace basketgap

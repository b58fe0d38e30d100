#include "jobs/config/config_rules.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <initializer_list>
#include <string>

#include "io/errors.hpp"
#include "jobs/config/config_error.hpp"

namespace basketgap {
namespace {

// Where `section` starts (a broken rule always involves a key set in it).
toml::source_position start_of(const toml::table& root, const char* section) {
  const toml::node* node = root.get(section);
  return node ? node->source().begin : toml::source_position{1, 1};
}

// Where the first of `keys` ("section.key") that the file sets is, else where its section starts.
toml::source_position first_set(const toml::table& root, std::initializer_list<const char*> keys) {
  for (const char* key : keys)
    if (const toml::node* node = root.at_path(key).node()) return node->source().begin;
  const std::string key = *keys.begin();
  return start_of(root, key.substr(0, key.find('.')).c_str());
}

}  // namespace

void override_k(engine::ScoreConfig& score, int k, const std::string& config_path) {
  if (score.reward_slots + score.discovery_slots > k)
    throw UsageError(fmt::format(
        "--k {} is less than score.reward_slots + score.discovery_slots ({} + {}) of {}", k,
        score.reward_slots, score.discovery_slots, config_path.empty() ? "the defaults" : config_path));
  score.k = k;
}

void apply_rules(JobConfig& config, const toml::table& root, const std::string& path) {
  const engine::ScoreConfig& score = config.score;
  if (score.reward_slots + score.discovery_slots > score.k)
    throw config_error(path, first_set(root, {"score.discovery_slots", "score.reward_slots", "score.k"}),
                       fmt::format("score.reward_slots + score.discovery_slots ({} + {}) exceed score.k ({})",
                                   score.reward_slots, score.discovery_slots, score.k));

  // The trees re-rank the learned blend's best: with the hand-set blend they are never fitted,
  // and a file that asks for them would be silently ignored. (The default ranker, the pairwise
  // re-rank, is simply not fitted then, as a run's effective config has always said: a file
  // that reads back must not become an error.)
  if (!score.learn_blend && score.ranker == engine::Ranker::trees)
    throw config_error(path, root.at_path("score.ranker").node()->source().begin,
                       fmt::format("score.ranker = \"{}\" needs score.learn_blend = true (it re-ranks the "
                                   "learned blend's best); with learn_blend = false set ranker = \"linear\"",
                                   engine::ranker_name(score.ranker)));

  CampaignConfig& campaign = config.campaign;
  if (campaign.control_share > 0 && campaign.salt.empty())
    throw config_error(path, start_of(root, "campaign"),
                       "campaign.salt is required when campaign.control_share > 0 "
                       "(one salt per campaign keeps its control group stable)");
  // A department both excluded and the birthday slot's: the slot could never be filled.
  for (const std::string& department : campaign.event_departments)
    if (std::find(campaign.exclude_departments.begin(), campaign.exclude_departments.end(), department) !=
        campaign.exclude_departments.end())
      throw config_error(
          path, first_set(root, {"campaign.event_departments"}),
          fmt::format("campaign.event_departments names \"{}\", which campaign.exclude_departments "
                      "excludes: the birthday slot could never be filled from it",
                      department));
  // Relative to the config's folder, kept absolute: the path is written on (the coupons file's
  // `campaign`, evaluate's --tuned-config) and read again from another working folder.
  if (!campaign.offers.empty() && std::filesystem::path(campaign.offers).is_relative())
    campaign.offers = std::filesystem::absolute(std::filesystem::path(path).parent_path() / campaign.offers)
                          .lexically_normal()
                          .string();

  const io::ColumnMapping& columns = config.ingest.columns;
  if (columns.day_format == io::DayFormat::iso_date && columns.day_origin.empty())
    throw config_error(path, start_of(root, "ingest"),
                       "ingest.day.origin (YYYY-MM-DD, the date of day 1) is required with "
                       "ingest.day.format = \"iso-date\"");
}

}  // namespace basketgap

#include "jobs/config/config_rules.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "jobs/config/config_error.hpp"

namespace basketgap {
namespace {

// Where `section` starts (a broken rule always involves a key set in it).
toml::source_position start_of(const toml::table& root, const char* section) {
  const toml::node* node = root.get(section);
  return node ? node->source().begin : toml::source_position{1, 1};
}

}  // namespace

void apply_rules(JobConfig& config, const toml::table& root, const std::string& path) {
  const engine::ScoreConfig& score = config.score;
  if (score.reward_slots + score.discovery_slots > score.k)
    throw config_error(path, start_of(root, "score"),
                       fmt::format("score.reward_slots + score.discovery_slots ({} + {}) exceed score.k ({})",
                                   score.reward_slots, score.discovery_slots, score.k));

  CampaignConfig& campaign = config.campaign;
  if (campaign.control_share > 0 && campaign.salt.empty())
    throw config_error(path, start_of(root, "campaign"),
                       "campaign.salt is required when campaign.control_share > 0 "
                       "(one salt per campaign keeps its control group stable)");
  if (!campaign.offers.empty() && std::filesystem::path(campaign.offers).is_relative())
    campaign.offers =
        (std::filesystem::path(path).parent_path() / campaign.offers).lexically_normal().string();

  const io::ColumnMapping& columns = config.ingest.columns;
  if (columns.day_format == io::DayFormat::iso_date && columns.day_origin.empty())
    throw config_error(path, start_of(root, "ingest"),
                       "ingest.day.origin (YYYY-MM-DD, the date of day 1) is required with "
                       "ingest.day.format = \"iso-date\"");
}

}  // namespace basketgap

#include "jobs/evaluate/tuned_config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

#include "io/errors.hpp"
#include "jobs/day_span.hpp"

namespace basketgap::evaluate {

std::string tuned_config_text(const EvaluateOptions& options, const Result& result, int kept_k,
                              const std::string& campaign) {
  if (result.tuned_config.empty() || result.systems.empty())
    throw Error(exit_internal, "evaluate: --tuned-config but the engine chose no configuration");
  const std::int32_t first = options.as_of - options.tune_windows * options.window;
  std::string text = fmt::format(
      "# The [score] configuration chosen by basketgap evaluate --tune on {} as of day {}\n"
      "# (validation: the purchases of days {} in {} window(s) of {} days; the test window never seen).\n"
      "# Use it with: basketgap score --config THIS_FILE\n",
      options.store, options.as_of, day_span(first + 1, options.as_of), options.tune_windows, options.window);
  for (const std::string& note : result.notes)
    if (note.starts_with("tune: ")) text += "# " + note + "\n";
  if (result.default_blend)
    text += fmt::format(
        "# the engine was judged with the default blend (--allow-default-blend) as of day {}: its blend's "
        "validation fold could not be fitted (score --config THIS_FILE --as-of {} is exit 64 without the "
        "flag)\n",
        options.as_of, options.as_of);
  const SystemResult& engine = result.systems.front();
  const std::int64_t last = std::min<std::int64_t>(options.as_of + options.window, result.store_max_day);
  text += fmt::format("# judged on days {}{}: NDCG@{} {:.4f}, recall@{} {:.4f} ({} households)\n",
                      day_span(options.as_of + 1, last),
                      last < options.as_of + options.window ? " (the store ends there)" : "", options.k,
                      engine.overall.ndcg, options.k, engine.overall.recall, result.evaluated);
  if (kept_k != options.k)
    text += fmt::format("# judged @{} (--k); k = {} below is {}'s, the coupons its nights mail\n", options.k,
                        kept_k, options.config);
  text += result.tuned_config;
  if (!campaign.empty())
    text += "\n# [campaign] as in " + options.config +
            " (evaluate judged the lists before its rules: eligible products, caps, control group)\n" +
            campaign;
  return text;
}

}  // namespace basketgap::evaluate

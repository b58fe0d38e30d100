#include "jobs/score/lab_dump.hpp"

#include <algorithm>
#include <string_view>

#include "jobs/cluster/atomic_output.hpp"

namespace basketgap {

void add_lab_rows(std::int64_t household_id, const std::vector<engine::Candidate>& candidates,
                  const std::vector<std::int32_t>& truth, std::vector<double>& rows) {
  std::size_t distinct = truth.empty() ? 0 : 1;
  for (std::size_t i = 1; i < truth.size(); ++i) distinct += truth[i] != truth[i - 1];
  for (const engine::Candidate& cand : candidates) {
    rows.push_back(static_cast<double>(household_id));
    rows.push_back(cand.product);
    rows.push_back(std::binary_search(truth.begin(), truth.end(), cand.product) ? 1.0 : 0.0);
    rows.push_back(static_cast<double>(distinct));
    rows.insert(rows.end(), cand.features.begin(), cand.features.end());
  }
}

void write_lab_rows(const std::string& path, const std::vector<std::vector<double>>& parts) {
  std::vector<double> all;
  for (const std::vector<double>& rows : parts) all.insert(all.end(), rows.begin(), rows.end());
  AtomicOutput file(path, "lab");
  file.write_text(std::string_view(reinterpret_cast<const char*>(all.data()), all.size() * sizeof(double)));
  file.publish_here();
}

}  // namespace basketgap

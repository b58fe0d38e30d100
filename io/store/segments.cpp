#include "io/store/segments.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <regex>
#include <set>
#include <string_view>

#include "io/errors.hpp"

namespace basketgap::io {

std::string resolved_store_path(const std::string& store_path) {
  std::error_code error;
  if (!std::filesystem::is_symlink(store_path, error)) return store_path;
  const std::filesystem::path target = std::filesystem::canonical(store_path, error);
  return error ? store_path : target.string();
}

std::string segments_folder(const std::string& store_path) {
  return resolved_store_path(store_path) + ".segments";
}

std::string store_of_segment(const std::string& path) {
  static const std::regex segment_name_pattern(R"(v[0-9]{6}(-[0-9]{6})?\.h5)");
  const std::filesystem::path file(path);
  const std::string folder = file.parent_path().filename().string();
  constexpr std::string_view kSuffix = ".segments";
  if (!std::regex_match(file.filename().string(), segment_name_pattern) || !folder.ends_with(kSuffix))
    return "";
  const std::filesystem::path head =
      file.parent_path().parent_path() / folder.substr(0, folder.size() - kSuffix.size());
  std::error_code error;
  return std::filesystem::is_regular_file(head, error) ? head.string() : "";
}

std::string segment_name(std::int64_t first_version, std::int64_t last_version) {
  if (first_version == last_version) return fmt::format("v{:06d}.h5", first_version);
  return fmt::format("v{:06d}-{:06d}.h5", first_version, last_version);
}

void refuse_segment_as_store(const std::string& path) {
  if (const std::string store = store_of_segment(path); !store.empty())
    throw Error(exit_usage, path + ": a segment of the store " + store +
                                " (one batch's rows, never changed once written), not a store: give " +
                                store);
}

std::vector<Segment> open_segments(const StoreReader& head) {
  const std::vector<BatchRecord>& batches = head.summary().batches;
  const std::string folder = segments_folder(head.path());
  std::vector<Segment> out;
  for (const BatchRecord& b : batches) {
    if (b.segment.empty())
      throw Error(exit_data,
                  fmt::format("{}: batch {} names no segment file (corrupt store)", head.path(), b.version));
    if (!out.empty() && out.back().name == b.segment) {
      if (b.segment_fingerprint != out.back().file.summary().fingerprint)
        throw Error(exit_data, fmt::format("{}: batches {} and {} disagree on segment {} (corrupt store)",
                                           head.path(), out.back().first_version, b.version, b.segment));
      out.back().last_version = b.version;
      continue;
    }
    if (b.segment == kNoSegment) continue;  // a retraction: no rows of its own
    const std::string path = folder + "/" + b.segment;
    std::error_code unreadable;
    const bool exists = std::filesystem::exists(path, unreadable);
    if (unreadable)
      throw Error(exit_no_input, fmt::format("{}: cannot read: {}", path, unreadable.message()));
    if (!exists)
      throw Error(exit_no_input, fmt::format("{}: segment {} of batch {} is missing: a store is STORE.h5 and "
                                             "the folder {} (copy both, or `compact` first)",
                                             head.path(), path, b.version, folder));
    StoreReader file = StoreReader::open_segment(path);
    if (file.segmented() || file.summary().fingerprint != b.segment_fingerprint)
      throw Error(exit_data, fmt::format("{}: segment {} is not the one batch {} wrote (fingerprint {}, "
                                         "recorded {}): a mismatched file",
                                         head.path(), path, b.version, file.summary().fingerprint,
                                         b.segment_fingerprint));
    out.push_back({b.segment, std::move(file), b.version, b.version});
  }
  return out;
}

bool any_rows_visible(const Segment& segment, const std::vector<BatchRecord>& batches, std::int64_t version) {
  for (std::int64_t v = segment.first_version; v <= segment.last_version; ++v)
    if (batches[static_cast<std::size_t>(v - 1)].visible_at(version)) return true;
  return false;
}

bool all_rows_visible(const Segment& segment, const std::vector<BatchRecord>& batches, std::int64_t version) {
  for (std::int64_t v = segment.first_version; v <= segment.last_version; ++v)
    if (!batches[static_cast<std::size_t>(v - 1)].visible_at(version)) return false;
  return true;
}

std::vector<std::int64_t> head_indices(const std::vector<std::int64_t>& local,
                                       const std::vector<std::int64_t>& head, const Segment& segment,
                                       const char* what) {
  std::vector<std::int64_t> out(local.size());
  std::size_t g = 0;
  for (std::size_t l = 0; l < local.size(); ++l) {
    while (g < head.size() && head[g] < local[l]) ++g;
    if (g == head.size() || head[g] != local[l])
      throw Error(exit_data, fmt::format("{}: {} {} is not in the store's {} table (corrupt store)",
                                         segment.file.path(), what, local[l], what));
    out[l] = static_cast<std::int64_t>(g);
  }
  return out;
}

std::vector<std::string> segment_folder_files(const std::string& store_path) {
  return unreferenced_segment_files(store_path, {});  // no batch names any of them
}

std::vector<std::string> unreferenced_segment_files(const std::string& store_path,
                                                    const std::vector<BatchRecord>& batches) {
  std::vector<std::string> out;
  const std::filesystem::path folder = segments_folder(store_path);
  std::error_code error;
  if (!std::filesystem::is_directory(folder, error)) return out;
  std::set<std::string> named;
  for (const BatchRecord& b : batches) named.insert(b.segment);
  for (const auto& entry : std::filesystem::directory_iterator(folder, error))
    if (!named.contains(entry.path().filename().string())) out.push_back(entry.path().string());
  return out;
}

}  // namespace basketgap::io

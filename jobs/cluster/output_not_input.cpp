#include "jobs/cluster/output_not_input.hpp"

#include <sys/stat.h>

#include <filesystem>
#include <string_view>
#include <system_error>

#include "io/errors.hpp"
#include "jobs/cluster/collective_errors.hpp"
#include "jobs/cluster/comm.hpp"

namespace fs = std::filesystem;

namespace basketgap {

bool same_file(const std::string& a, const std::string& b) {
  struct stat sa {
  }, sb{};
  if (::stat(a.c_str(), &sa) == 0 && ::stat(b.c_str(), &sb) == 0)
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
  // One does not exist yet (two outputs of one run): the same name is the same file.
  std::error_code ea, eb;
  const fs::path ca = fs::weakly_canonical(fs::absolute(a), ea),
                 cb = fs::weakly_canonical(fs::absolute(b), eb);
  return !ea && !eb && ca == cb;
}

namespace {
constexpr std::string_view kSegmentsSuffix = ".segments";  // io::segments_folder: STORE + ".segments"
}  // namespace

std::string enclosing_segments_folder(const std::string& path) {
  std::error_code error;
  fs::path at = fs::weakly_canonical(fs::absolute(path), error);
  if (error) return "";
  for (; at.has_relative_path(); at = at.parent_path()) {
    const std::string name = at.filename().string();
    if (name.size() <= kSegmentsSuffix.size() || !name.ends_with(kSegmentsSuffix)) continue;
    const fs::path store = at.parent_path() / name.substr(0, name.size() - kSegmentsSuffix.size());
    if (fs::is_regular_file(store, error)) return at.string();
  }
  return "";
}

namespace {
// Whether `inner` is inside the folder `outer` (both resolved as same_file does; not equal).
bool lies_in(const std::string& inner, const std::string& outer) {
  std::error_code error;
  const fs::path in = fs::weakly_canonical(fs::absolute(inner), error);
  if (error) return false;
  const fs::path out = fs::weakly_canonical(fs::absolute(outer), error);
  if (error || !fs::is_directory(out, error)) return false;
  for (fs::path at = in.parent_path(); at.has_relative_path(); at = at.parent_path())
    if (at == out) return true;
  return false;
}
}  // namespace

std::string output_input_clash(const NamedPath& output, const std::vector<NamedPath>& inputs) {
  if (output.path.empty()) return "";
  for (const NamedPath& input : inputs) {
    if (input.path.empty() || !same_file(output.path, input.path)) continue;
    const std::string paths = output.path == input.path ? output.path : output.path + " and " + input.path;
    return output.option + " is the same file as " + input.option + " (" + paths +
           "): give the output another path";
  }
  // A folder output (a report) replaces the folder whole: no input may lie inside it.
  for (const NamedPath& input : inputs)
    if (!input.path.empty() && lies_in(input.path, output.path))
      return output.option + " " + output.path + " holds " + input.option + " (" + input.path +
             "): replacing the folder would delete it; give the output another path";
  // A store's segments folder holds its rows: an output there would replace a segment (or the
  // folder itself), and the next append removes any file no version names.
  if (const std::string folder = enclosing_segments_folder(output.path); !folder.empty()) {
    const bool is_folder = same_file(output.path, folder);
    return output.option + " " + output.path + (is_folder ? " is " : " lies in ") + folder +
           ", the segments folder of the store " + folder.substr(0, folder.size() - kSegmentsSuffix.size()) +
           " (its rows; files no version names are removed from it): give the output another path";
  }
  return "";
}

void refuse_output_over_input(const NamedPath& output, const std::vector<NamedPath>& inputs,
                              const Comm& comm) {
  std::string problem;
  if (comm.is_root()) problem = output_input_clash(output, inputs);
  throw_root_verdict(problem, exit_usage, comm);
}

}  // namespace basketgap

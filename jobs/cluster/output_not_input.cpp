#include "jobs/cluster/output_not_input.hpp"

#include <sys/stat.h>

#include <filesystem>
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

std::string output_input_clash(const NamedPath& output, const std::vector<NamedPath>& inputs) {
  if (output.path.empty()) return "";
  for (const NamedPath& input : inputs) {
    if (input.path.empty() || !same_file(output.path, input.path)) continue;
    const std::string paths = output.path == input.path ? output.path : output.path + " and " + input.path;
    return output.option + " is the same file as " + input.option + " (" + paths +
           "): give the output another path";
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

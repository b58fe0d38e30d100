// An output must never be one of the job's own inputs: publishing it would replace the input
// (with --overwrite) or the job would read a file it is rewriting. Compared by filesystem identity,
// so x, ./x, dir/../x, a symbolic link or a hard link to the input are all caught.
#pragma once

#include <string>
#include <vector>

namespace basketgap {

class Comm;

// A path given on the command line and the option that named it ("--out").
struct NamedPath {
  std::string option;
  std::string path;
};

// True when `a` and `b` are the same file: the same device and inode when both exist, else the
// same absolute path once "." and ".." and links of the existing part are resolved.
bool same_file(const std::string& a, const std::string& b);

// The segments folder of a store (the folder STORE.segments beside the file STORE) that `path`
// is or lies in, else "".
std::string enclosing_segments_folder(const std::string& path);

// "--out is the same file as --store (PATH)" for the first input `output` is, else "", and the
// same when `output` is or lies in a store's segments folder (every job's outputs are checked
// so: none may replace a store's rows). Empty paths (options not given) are skipped.
std::string output_input_clash(const NamedPath& output, const std::vector<NamedPath>& inputs);

// Collective: UsageError (exit 64) on every rank when `output` is one of `inputs` (rank 0 decides).
void refuse_output_over_input(const NamedPath& output, const std::vector<NamedPath>& inputs,
                              const Comm& comm);

}  // namespace basketgap

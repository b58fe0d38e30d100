// Publishing without replacing: two runs started at the same time to one output (without
// --overwrite) both pass the up-front check; the rename of the later one must then fail, not
// silently replace the file the first one published.
#pragma once

#include <string>

namespace basketgap {

// Renames `from` to `to` unless `to` exists: 0, or the errno (EEXIST when `to` exists; `from`
// is then left in place). renameat2(RENAME_NOREPLACE), or link() + unlink() on a file system
// without it.
int rename_no_replace(const std::string& from, const std::string& to);

}  // namespace basketgap

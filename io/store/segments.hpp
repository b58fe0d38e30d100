// The segment files of a segmented store (schema version 2). `append` writes each night's rows
// as a file of their own, STORE.h5.segments/vNNNNNN.h5, laid out like a one-file store of that
// night alone (own household and product dictionaries, rows sorted in store order); the rows a
// store had before its first append stay in the file it was (linked as vNNNNNN-MMMMMM.h5, the
// versions it holds). STORE.h5 itself keeps the merged dictionaries and the batch records, which
// name each batch's segment. Segments are never changed once written: an append adds one,
// `compact` folds them all back into one file.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "io/store/reader.hpp"

namespace basketgap::io {

// The segment name of a batch without rows of its own (a retraction).
inline constexpr const char* kNoSegment = "-";

struct Segment {
  std::string name;  // file name under the segments folder
  StoreReader file;
  std::int64_t first_version = 0, last_version = 0;  // the batches whose rows it holds

  // A segment is a one-file store of its own: its rows' batch b (1 = its first) is store
  // version first_version + b - 1. A segment of one version: every row is that version (its
  // batch column need not be read).
  std::int64_t store_version_of(std::int32_t local_batch) const { return first_version + local_batch - 1; }
};

// STORE.h5 -> STORE.h5.segments, beside the file a symbolic link STORE.h5 names (writers
// publish the head there: resolved_store_path).
std::string segments_folder(const std::string& store_path);
// The file a symbolic link names (its target, resolved), else the path as given: a "current
// store" link must keep naming the store after a writer replaces the head.
std::string resolved_store_path(const std::string& store_path);
// The store whose segment `path` is (FOLDER/X.h5.segments/v000007.h5 -> FOLDER/X.h5 when that
// exists), else "": a segment is one night's rows, never a store of its own to score or change.
std::string store_of_segment(const std::string& path);
// Error(exit_usage) naming the store when `path` is a segment of one (store_of_segment).
void refuse_segment_as_store(const std::string& path);
// The file name of the segment of versions first..last ("v000007.h5", "v000001-000006.h5").
std::string segment_name(std::int64_t first_version, std::int64_t last_version);

// The distinct segment files the batch records of `head` name, in version order, each opened
// (by this process) and checked: it exists, it is a one-file store, its fingerprint is the one
// recorded. Error(exit_data) naming the file otherwise (a mismatched or damaged segment).
std::vector<Segment> open_segments(const StoreReader& head);

// Whether any row of `segment` is visible as of `version` (its batch records say which).
bool any_rows_visible(const Segment& segment, const std::vector<BatchRecord>& batches, std::int64_t version);
// Whether every row of `segment` is visible as of `version` (no per-row test needed).
bool all_rows_visible(const Segment& segment, const std::vector<BatchRecord>& batches, std::int64_t version);

// The head's index of each of a segment's ids (`local` and `head` both ascending external ids,
// the head's a superset): segment tables mapped onto the store's. Error(exit_data) naming the
// segment and the id when one is missing (a corrupt store). `what`: "household", "product".
std::vector<std::int64_t> head_indices(const std::vector<std::int64_t>& local,
                                       const std::vector<std::int64_t>& head, const Segment& segment,
                                       const char* what);

// Every file in the segments folder of `store_path` (none when it has no folder).
std::vector<std::string> segment_folder_files(const std::string& store_path);

// Files in the segments folder of `store_path` that `batches` do not name: left by a killed
// writer or replaced by `compact`. Removed by the next writer, under the store's lock.
std::vector<std::string> unreferenced_segment_files(const std::string& store_path,
                                                    const std::vector<BatchRecord>& batches);

}  // namespace basketgap::io

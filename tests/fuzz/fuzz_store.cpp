// libFuzzer target: StoreReader on a file written from the fuzz bytes (seed it with a real
// store: tests/fuzz/run.sh does). Every failure must be a basketgap::Error (a one-line
// message and an exit code), never a crash, a hang or another exception.
#include <mpi.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "io/errors.hpp"
#include "io/store/reader.hpp"

namespace {
std::string g_path;
}

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  MPI_Init(argc, argv);  // parallel HDF5 is linked in; serial opens only, but keep MPI sane
  g_path = "/tmp/basketgap-fuzz-store-" + std::to_string(getpid()) + ".h5";
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (std::FILE* f = std::fopen(g_path.c_str(), "wb")) {
    std::fwrite(data, 1, size, f);
    std::fclose(f);
  } else {
    return 0;
  }
  try {
    auto store = basketgap::io::StoreReader::open(g_path);
    const auto households = store.households();
    const auto products = store.products();
    const std::int64_t rows = store.summary().rows;
    // Read in slices as score does: the first, a middle and the last household's rows.
    for (std::size_t h : {std::size_t{0}, households.id.size() / 2, households.id.size() - 1}) {
      if (h + 1 >= households.offset.size()) continue;
      const std::int64_t first = households.offset[h];
      const std::int64_t count = std::min<std::int64_t>(households.offset[h + 1] - first, 1 << 16);
      if (first < 0 || count < 0 || first + count > rows) continue;
      store.read_rows(first, count);
    }
    (void)products;
  } catch (const basketgap::Error&) {
    // the expected outcome for damaged files
  }
  return 0;
}

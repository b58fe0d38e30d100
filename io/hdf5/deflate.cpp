#include "io/hdf5/deflate.hpp"

#include <dlfcn.h>
#include <isa-l/igzip_lib.h>
#include <zlib.h>

#include <cstdint>
#include <vector>

namespace basketgap::io::h5 {
namespace {

using Compress2 = int (*)(Bytef*, uLongf*, const Bytef*, uLong, int);

// zlib's own compress2, the next definition after ours.
int zlib_compress2(Bytef* dest, uLongf* dest_len, const Bytef* source, uLong source_len, int level) {
  static const auto next = reinterpret_cast<Compress2>(dlsym(RTLD_NEXT, "compress2"));
  if (!next) return Z_STREAM_ERROR;
  return next(dest, dest_len, source, source_len, level);
}

// One zlib stream at ISA-L level 1; false when it does not fit in *dest_len.
bool isal_compress(Bytef* dest, uLongf* dest_len, const Bytef* source, uLong source_len) {
  thread_local std::vector<std::uint8_t> level_buffer(ISAL_DEF_LVL1_DEFAULT);
  isal_zstream stream;
  isal_deflate_stateless_init(&stream);
  stream.level = 1;
  stream.level_buf = level_buffer.data();
  stream.level_buf_size = static_cast<std::uint32_t>(level_buffer.size());
  stream.gzip_flag = IGZIP_ZLIB;
  stream.next_in = const_cast<Bytef*>(source);
  stream.avail_in = static_cast<std::uint32_t>(source_len);
  stream.next_out = dest;
  stream.avail_out = static_cast<std::uint32_t>(*dest_len);
  stream.end_of_stream = 1;
  stream.flush = NO_FLUSH;
  if (isal_deflate_stateless(&stream) != COMP_OK) return false;
  *dest_len = stream.total_out;
  return true;
}

}  // namespace

void use_fast_deflate() {}

}  // namespace basketgap::io::h5

// zlib's contract: a zlib stream of `source` into dest (capacity *destLen), Z_BUF_ERROR when it
// does not fit. ISA-L's 32-bit sizes bound the inputs it takes.
extern "C" int compress2(Bytef* dest, uLongf* destLen, const Bytef* source, uLong sourceLen, int level) {
  if (level == 1 && sourceLen <= (1ul << 31) && *destLen <= (1ul << 31) &&
      basketgap::io::h5::isal_compress(dest, destLen, source, sourceLen))
    return Z_OK;
  return basketgap::io::h5::zlib_compress2(dest, destLen, source, sourceLen, level);
}

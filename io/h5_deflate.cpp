#include "io/h5_deflate.hpp"

#include <libdeflate.h>
#include <zlib.h>

#include <memory>

namespace basketgap::io::h5 {
namespace {

struct CompressorFree {
  void operator()(libdeflate_compressor* c) const { libdeflate_free_compressor(c); }
};

// One compressor per thread and level, reused: allocating one costs more than a small chunk.
libdeflate_compressor* compressor(int level) {
  thread_local std::unique_ptr<libdeflate_compressor, CompressorFree> cached;
  thread_local int cached_level = -1;
  if (!cached || cached_level != level) {
    cached.reset(libdeflate_alloc_compressor(level));
    cached_level = cached ? level : -1;
  }
  return cached.get();
}

}  // namespace

void use_fast_deflate() {}

}  // namespace basketgap::io::h5

// zlib's contract: a zlib stream of `source` into dest (capacity *destLen); Z_BUF_ERROR when it
// does not fit, Z_STREAM_ERROR for a bad level, Z_MEM_ERROR when no compressor can be made.
extern "C" int compress2(Bytef* dest, uLongf* destLen, const Bytef* source, uLong sourceLen,
                         int level) {
  if (level == Z_DEFAULT_COMPRESSION) level = 6;
  if (level < 0 || level > 9) return Z_STREAM_ERROR;
  libdeflate_compressor* c = basketgap::io::h5::compressor(level);
  if (!c) return Z_MEM_ERROR;
  const std::size_t size = libdeflate_zlib_compress(c, source, sourceLen, dest, *destLen);
  if (size == 0) return Z_BUF_ERROR;
  *destLen = static_cast<uLongf>(size);
  return Z_OK;
}

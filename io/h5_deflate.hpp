// HDF5's deflate filter (H5Pset_deflate) compresses each chunk with zlib's compress2(), which
// was a third of ingest's CPU. HDF5 1.10 refuses to replace its predefined filters
// (H5Zregister: "unable to modify predefined filters"), so this file defines compress2()
// itself, backed by libdeflate (~3x faster at level 1): the executable's definition takes
// precedence over libz's for libhdf5's call. The output is a standard zlib stream, so every
// reader inflates it as before and the datasets read back identical; only compressed bytes
// differ. Everything else in zlib (inflate, the gzip exports) is untouched.
#pragma once

namespace basketgap::io::h5 {

// Referenced by h5.cpp so the linker keeps this object (and its compress2) in every binary.
void use_fast_deflate();

}  // namespace basketgap::io::h5

// HDF5's deflate filter (H5Pset_deflate) compresses each chunk with zlib's compress2(), which
// was a third of ingest's CPU. HDF5 1.10 refuses to replace its predefined filters
// (H5Zregister: "unable to modify predefined filters"), so this file defines compress2()
// itself: the executable's definition takes precedence over libz's for libhdf5's call. Level 1
// (what the store and coupons files use) goes to ISA-L's igzip, ~6x faster than zlib at a
// slightly better ratio; other levels go on to zlib's own compress2. The output is a standard
// zlib stream, so every reader inflates it as before and the datasets read back identical;
// only the compressed bytes differ. The rest of zlib (inflate, gzip exports) is untouched.
#pragma once

namespace basketgap::io::h5 {

// Referenced by h5.cpp so the linker keeps this object (and its compress2) in every binary.
void use_fast_deflate();

}  // namespace basketgap::io::h5

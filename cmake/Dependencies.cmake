# Third-party dependencies, all from Debian 12 packages (cmake/setup-debian.sh installs them).
# The kernels (engine/) need only oneTBB, Armadillo and xxHash; MPI, parallel HDF5 and the rest
# are looked for only when io/ and jobs/ are built (not with -DBASKETGAP_ENGINE_ONLY=ON).

find_package(TBB 2021 REQUIRED CONFIG)
find_package(Armadillo REQUIRED)
add_library(basketgap_armadillo INTERFACE)
target_include_directories(basketgap_armadillo SYSTEM INTERFACE ${ARMADILLO_INCLUDE_DIRS})
target_link_libraries(basketgap_armadillo INTERFACE ${ARMADILLO_LIBRARIES})
# Armadillo prints "solve(): system is singular" to stderr, outside the log's format; the
# callers handle a failed solve themselves (a pseudo-inverse, a shorter step).
target_compile_definitions(basketgap_armadillo INTERFACE ARMA_WARN_LEVEL=1)
find_package(PkgConfig REQUIRED)
pkg_check_modules(XXHASH REQUIRED IMPORTED_TARGET libxxhash)
find_package(Threads REQUIRED)
if(BASKETGAP_ENGINE_ONLY)
  return()
endif()

# OpenMPI: skip the deprecated C++ bindings, they break the link.
set(MPI_CXX_SKIP_MPICXX ON)
find_package(MPI REQUIRED COMPONENTS C CXX)

# HDF5 must be the parallel (openmpi) flavour; libarmadillo-dev pulls the serial one in too.
set(HDF5_PREFER_PARALLEL ON)
find_package(HDF5 REQUIRED COMPONENTS C)
if(NOT HDF5_IS_PARALLEL)
  message(FATAL_ERROR "basketgap needs parallel HDF5 (Debian: libhdf5-openmpi-dev); "
                      "found a serial HDF5 at ${HDF5_INCLUDE_DIRS}")
endif()
add_library(basketgap_hdf5 INTERFACE)
target_include_directories(basketgap_hdf5 SYSTEM INTERFACE ${HDF5_INCLUDE_DIRS})
target_link_libraries(basketgap_hdf5 INTERFACE ${HDF5_C_LIBRARIES} MPI::MPI_C)
target_compile_definitions(basketgap_hdf5 INTERFACE ${HDF5_DEFINITIONS} H5_USE_110_API_DEFAULT=0)

find_package(CLI11 REQUIRED CONFIG)
find_package(fmt REQUIRED CONFIG)
find_package(spdlog REQUIRED CONFIG)
find_package(nlohmann_json REQUIRED CONFIG)
find_package(tomlplusplus REQUIRED CONFIG)
pkg_check_modules(ISAL REQUIRED IMPORTED_TARGET libisal)  # fast deflate for HDF5 chunks (io/hdf5/deflate)
find_package(ZLIB REQUIRED)  # gzip exports
# The tree ranker's fit (jobs/score/tree_fit). Debian's CMake config of libxgboost-dev names
# /usr/bin/xgboost, which only the xgboost package has: use its pkg-config file instead.
pkg_check_modules(XGBOOST REQUIRED IMPORTED_TARGET xgboost)
find_package(OpenSSL REQUIRED)  # libcrypto: SHA-256 of exports, HMAC pseudonyms (io/export/sha256)

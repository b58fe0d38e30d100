// Temporaries left beside an output by a killed run are removed by the next writer; those of a
// run that may still be alive are not: a live process of this host, or a run of another host
// (a spill folder on shared scratch, where a pid means nothing here) younger than 48 hours.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include "jobs/cluster/atomic_output.hpp"

namespace fs = std::filesystem;
using basketgap::host_tag;
using basketgap::remove_stale_temporaries;

namespace {
std::string hex(unsigned long long value) {
  char text[32];
  std::snprintf(text, sizeof text, "%llx", value);
  return text;
}

// A pid no process has here (the highest ones are rarely given out).
unsigned dead_pid() {
  for (unsigned pid = 4194000; pid > 1000; --pid)
    if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) return pid;
  return 0;
}
}  // namespace

TEST(StaleTemporaries, OnlyThoseOfRunsThatCannotBeAliveAreRemoved) {
  const fs::path folder = fs::temp_directory_path() / ("basketgap-stale-" + std::to_string(::getpid()));
  fs::create_directories(folder);
  const unsigned dead = dead_pid();
  ASSERT_NE(dead, 0u);
  const std::string other_host = host_tag() == "00000000" ? "00000001" : "00000000";
  const auto make = [&](const std::string& name) {
    fs::create_directory(folder / name);
    return folder / name;
  };
  const fs::path dead_here = make("store.h5.spill-" + hex(dead) + "-18f0-" + host_tag());
  const fs::path alive_here =
      make("store.h5.tmp-" + hex(static_cast<unsigned>(::getpid())) + "-18f0-" + host_tag());
  const fs::path other_host_now = make("store.h5.spill-" + hex(dead) + "-18f1-" + other_host);
  const fs::path other_host_old = make("store.h5.spill-" + hex(dead) + "-18f2-" + other_host);
  fs::last_write_time(other_host_old, fs::file_time_type::clock::now() - std::chrono::hours(72));
  const fs::path older_format = make("store.h5.tmp-" + hex(dead) + "-18f3");
  const fs::path another_output = make("other.h5.tmp-" + hex(dead) + "-18f4-" + host_tag());

  remove_stale_temporaries((folder / "store.h5").string());

  EXPECT_FALSE(fs::exists(dead_here)) << "a dead run of this host";
  EXPECT_TRUE(fs::exists(alive_here)) << "a live run of this host";
  EXPECT_TRUE(fs::exists(other_host_now)) << "another host's run of today: may be alive there";
  EXPECT_FALSE(fs::exists(other_host_old)) << "another host's run of three days ago";
  EXPECT_FALSE(fs::exists(older_format)) << "a token without a host: judged by its pid here";
  EXPECT_TRUE(fs::exists(another_output)) << "another output's temporary";
  fs::remove_all(folder);
}

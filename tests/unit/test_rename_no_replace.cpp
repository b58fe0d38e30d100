// Publishing without --overwrite never replaces a file another run published meanwhile.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "jobs/cluster/rename_no_replace.hpp"

using namespace basketgap;
namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class RenameNoReplace : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("bg-rename-no-replace-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    std::ofstream(dir_ / "out.tmp-1") << "mine";
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

}  // namespace

TEST_F(RenameNoReplace, PublishesWhenTheNameIsFree) {
  EXPECT_EQ(rename_no_replace((dir_ / "out.tmp-1").string(), (dir_ / "out").string()), 0);
  EXPECT_EQ(read(dir_ / "out"), "mine");
  EXPECT_FALSE(fs::exists(dir_ / "out.tmp-1"));
}

TEST_F(RenameNoReplace, AFilePublishedMeanwhileStays) {
  std::ofstream(dir_ / "out") << "theirs";
  EXPECT_EQ(rename_no_replace((dir_ / "out.tmp-1").string(), (dir_ / "out").string()), EEXIST);
  EXPECT_EQ(read(dir_ / "out"), "theirs");
  EXPECT_EQ(read(dir_ / "out.tmp-1"), "mine");  // left for the caller to remove
}

// An output is never one of the job's inputs, however the two paths are spelled.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "jobs/cluster/output_not_input.hpp"

using namespace basketgap;
namespace fs = std::filesystem;

namespace {

class OutputNotInput : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("bg-output-not-input-" + std::to_string(::getpid()));
    fs::create_directories(dir_ / "sub");
    std::ofstream(dir_ / "store.h5") << "store";
    std::ofstream(dir_ / "other.h5") << "other";
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string at(const std::string& name) const { return (dir_ / name).string(); }
  fs::path dir_;
};

}  // namespace

TEST_F(OutputNotInput, TheSamePathIsTheSameFile) {
  EXPECT_EQ(output_input_clash({"--out", at("store.h5")}, {{"--store", at("store.h5")}}),
            "--out is the same file as --store (" + at("store.h5") + "): give the output another path");
}

TEST_F(OutputNotInput, OtherSpellingsOfOneFileAreCaught) {
  fs::create_hard_link(at("store.h5"), at("hard.h5"));
  fs::create_symlink(at("store.h5"), at("soft.h5"));
  for (const std::string& spelling : {at("sub/../store.h5"), at("./store.h5"), at("hard.h5"), at("soft.h5")})
    EXPECT_EQ(output_input_clash({"--out", spelling}, {{"--store", at("store.h5")}}),
              "--out is the same file as --store (" + spelling + " and " + at("store.h5") +
                  "): give the output another path")
        << spelling;
}

TEST_F(OutputNotInput, TheFirstClashingInputIsNamed) {
  EXPECT_EQ(
      output_input_clash({"--rejects", at("other.h5")},
                         {{"--out", at("store.h5")}, {"--transactions", at("other.h5")}}),
      "--rejects is the same file as --transactions (" + at("other.h5") + "): give the output another path");
}

TEST_F(OutputNotInput, TwoOutputsNotYetWrittenClashByName) {
  EXPECT_TRUE(same_file(at("new.h5"), at("sub/../new.h5")));
  EXPECT_FALSE(same_file(at("new.h5"), at("new2.h5")));
}

TEST_F(OutputNotInput, OtherFilesAndOptionsNotGivenPass) {
  EXPECT_EQ(output_input_clash({"--out", at("new.h5")}, {{"--store", at("store.h5")}, {"--config", ""}}), "");
  EXPECT_EQ(output_input_clash({"--out", at("other.h5")}, {{"--store", at("store.h5")}}), "");
  EXPECT_EQ(output_input_clash({"--json", ""}, {{"--store", at("store.h5")}}), "");
}

TEST_F(OutputNotInput, NoOutputInAStoresSegmentsFolder) {
  fs::create_directories(dir_ / "store.h5.segments");
  std::ofstream(dir_ / "store.h5.segments" / "v000002.h5") << "rows";
  const std::string folder = fs::weakly_canonical(dir_ / "store.h5.segments").string();
  EXPECT_EQ(enclosing_segments_folder(at("store.h5.segments/v000002.h5")), folder);
  EXPECT_EQ(enclosing_segments_folder(at("store.h5.segments/new/x.json")), folder);  // not there yet
  EXPECT_EQ(enclosing_segments_folder(at("sub/../store.h5.segments")), folder);
  EXPECT_EQ(output_input_clash({"--out", at("store.h5.segments/v000002.h5")}, {{"--store", at("other.h5")}}),
            "--out " + at("store.h5.segments/v000002.h5") + " lies in " + folder +
                ", the segments folder of the store " + fs::weakly_canonical(dir_ / "store.h5").string() +
                " (its rows; files no version names are removed from it): give the output another path");
  EXPECT_NE(output_input_clash({"--report", at("store.h5.segments")}, {}).find(" is " + folder),
            std::string::npos);
  // A folder named so without its store beside it, or a file beside a store: any output.
  fs::create_directories(dir_ / "gone.h5.segments");
  EXPECT_EQ(output_input_clash({"--out", at("gone.h5.segments/x.h5")}, {}), "");
  EXPECT_EQ(output_input_clash({"--out", at("store.h5.coupons.h5")}, {}), "");
  EXPECT_EQ(output_input_clash({"--out", at("sub/coupons.h5")}, {}), "");
}

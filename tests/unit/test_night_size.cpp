// `append --min-night-share` (jobs/append/night_size): which nights a new one is compared with,
// and when it is refused.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "jobs/append/night_size.hpp"

using namespace basketgap;

namespace {

io::BatchRecord batch(std::int64_t version, std::int64_t rows, std::int64_t retracted_in = 0) {
  io::BatchRecord b;
  b.version = version;
  b.rows = rows;
  b.retracted_in = retracted_in;
  if (rows == 0 && retracted_in == 0) b.source_xxh3.assign(16, 'a');  // a night without sales
  return b;
}

}  // namespace

TEST(NightSize, TheLastSevenLiveAppendedNightsWithRows) {
  // Version 1 (the ingested history) and the night without sales (4) are not nights to compare
  // with; version 3 was retracted in 9 (a retraction's own record: no rows, no checksum).
  std::vector<io::BatchRecord> batches = {batch(1, 100000), batch(2, 900), batch(3, 50, 9), batch(4, 0)};
  for (std::int64_t v = 5; v <= 8; ++v) batches.push_back(batch(v, 1000 + v));
  batches.push_back(batch(9, 0, 0));
  batches.back().source_xxh3.clear();
  append::RecentNights r = append::recent_nights(batches, 9);
  EXPECT_EQ(r.nights, 5);  // 8, 7, 6, 5, 2
  EXPECT_EQ(r.fewest_rows, 900);
  EXPECT_EQ(r.most_rows, 1008);
  EXPECT_EQ(r.first_version, 2);
  EXPECT_EQ(r.last_version, 8);
  // At version 8 the retracted night 3 was still live: it is the quietest then.
  EXPECT_EQ(append::recent_nights(batches, 8).fewest_rows, 50);
  // Ten nights: only the last seven count.
  for (std::int64_t v = 10; v <= 14; ++v) batches.push_back(batch(v, 2000));
  r = append::recent_nights(batches, 14);
  EXPECT_EQ(r.nights, 7);
  EXPECT_EQ(r.first_version, 7);
  EXPECT_EQ(r.fewest_rows, 1007);
}

TEST(NightSize, TooFewNightsJudgeNothing) {
  const std::vector<io::BatchRecord> batches = {batch(1, 100000), batch(2, 1000), batch(3, 1000)};
  EXPECT_EQ(append::recent_nights(batches, 3).nights, 0);
  EXPECT_FALSE(append::small_night_reason("n.csv", 1, append::recent_nights(batches, 3), 0.5));
}

TEST(NightSize, ANightUnderTheShareOfTheQuietestIsRefusedWithItsNumbers) {
  const std::vector<io::BatchRecord> batches = {batch(1, 100000), batch(2, 1000), batch(3, 1200),
                                                batch(4, 1100)};
  const append::RecentNights recent = append::recent_nights(batches, 4);
  EXPECT_FALSE(append::small_night_reason("n.csv", 500, recent, 0.5));  // exactly half: kept
  const auto reason = append::small_night_reason("n.csv", 499, recent, 0.5);
  ASSERT_TRUE(reason);
  EXPECT_NE(
      reason->find("n.csv has 499 rows, fewer than --min-night-share 0.5 of the quietest of the store's "
                   "last 3 nights (1000 to 1200 rows, versions 2-4)"),
      std::string::npos)
      << *reason;
  EXPECT_FALSE(append::small_night_reason("n.csv", 1, recent, 0));  // the default: no check
}

// Mistakes that would change what is mailed are errors (or named warnings): the pure checks.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "io/coupons/store_match.hpp"
#include "io/csv/catalog_files.hpp"
#include "io/errors.hpp"
#include "io/store/reader.hpp"
#include "jobs/ingest/reference_files.hpp"
#include "jobs/score/as_of_checks.hpp"

using namespace basketgap;

namespace {

io::StoreSummary days(std::int64_t first, std::int64_t last) {
  io::StoreSummary s;
  s.min_day = first;
  s.max_day = last;
  return s;
}

// The exit code and message of as_of_problems (0 and the warnings joined when it passes).
std::pair<int, std::string> as_of(std::int32_t day, AsOfAllowances allow = {},
                                  engine::ScoreConfig config = engine::ScoreConfig{}) {
  try {
    std::string text;
    for (const auto& w : as_of_problems(day, days(1, 711), "S.h5", config, allow)) text += w;
    return {0, text};
  } catch (const Error& e) {
    return {e.code(), e.what()};
  }
}

}  // namespace

TEST(AsOfChecks, AsOfAfterTheLastDayIsMissingDataUnlessAllowed) {
  EXPECT_EQ(as_of(711), std::make_pair(0, std::string()));
  const auto [code, message] = as_of(712);
  EXPECT_EQ(code, exit_data);
  EXPECT_EQ(message,
            "--as-of 712 is 1 day(s) after the last day of S.h5 (711): day 712 is missing; ingest the "
            "missing days, or give --allow-stale to score on stale data");
  const auto [allowed, warning] = as_of(720, AsOfAllowances{true, false});
  EXPECT_EQ(allowed, 0);
  EXPECT_NE(
      warning.find("9 day(s) after the last day of S.h5 (711): days 712-720 are missing; scoring on stale"),
      std::string::npos);
  // A pinned rerun (--store-version 2 of 3) names the version whose days it sees.
  io::StoreSummary pinned = days(1, 700);
  pinned.batches.resize(3);
  pinned.batches[2].version = 3;
  pinned.store_version = 2;
  try {
    as_of_problems(705, pinned, "S.h5", engine::ScoreConfig{}, {});
    ADD_FAILURE() << "a pinned version's missing days passed";
  } catch (const Error& e) {
    EXPECT_NE(
        std::string(e.what()).find("5 day(s) after the last day of version 2 of S.h5 (700): days 701-705"),
        std::string::npos)
        << e.what();
  }
  // A year after the last day is still a late feed; past it, a typo (and memory that grows with
  // the as-of day): a usage error with --allow-stale or without (whose advice to ingest the missing
  // days or give --allow-stale would not help).
  EXPECT_EQ(as_of(711 + kMostStaleDays, AsOfAllowances{true, false}).first, 0);
  EXPECT_EQ(as_of(711 + kMostStaleDays).first, exit_data);  // a late feed: ingest the days
  for (const AsOfAllowances allow : {AsOfAllowances{true, false}, AsOfAllowances{}}) {
    const auto [typo, why] = as_of(20250314, allow);
    EXPECT_EQ(typo, exit_usage);
    EXPECT_NE(why.find("a typo? --as-of is a day number, and a score at most 365 days after the last day"),
              std::string::npos)
        << why;
  }
}

TEST(AsOfChecks, TooEarlyForTheValidationFoldUnlessAllowedOrNotLearned) {
  EXPECT_EQ(as_of(0).first, exit_usage);  // before the first day
  EXPECT_EQ(as_of(15).first, 0);          // day 1 is the validation fold's feature day
  const auto [code, message] = as_of(14);
  EXPECT_EQ(code, exit_usage);
  EXPECT_NE(message.find("validation_window_days = 14"), std::string::npos) << message;
  EXPECT_NE(message.find("--as-of 15 or later"), std::string::npos) << message;
  EXPECT_EQ(as_of(14, AsOfAllowances{false, true}).first, 0);
  engine::ScoreConfig fixed;
  fixed.learn_blend = false;
  EXPECT_EQ(as_of(3, {}, fixed).first, 0);
}

TEST(AsOfChecks, AShortHorizonNeedsOneFoldOfItsSpan) {
  // 3-day folds covering 14 days: 5 folds asked, the blend fitted on as many as the history holds
  // (a young shop; a few orders a household), so one fold's 3 days are enough.
  engine::ScoreConfig three_days;
  three_days.validation_window_days = 3;
  EXPECT_EQ(as_of(4, {}, three_days).first, 0);
  EXPECT_EQ(engine::blend_folds_that_fit(three_days, 4, 1), 1);
  EXPECT_EQ(engine::blend_folds_that_fit(three_days, 15, 1), 4);
  EXPECT_EQ(engine::blend_folds_that_fit(three_days, 16, 1), 5);
  EXPECT_EQ(engine::blend_folds_that_fit(three_days, 100, 1), 5);
  const auto [code, message] = as_of(3, {}, three_days);
  EXPECT_EQ(code, exit_usage);
  EXPECT_EQ(engine::blend_folds_that_fit(three_days, 3, 1), 0);
  EXPECT_NE(
      message.find("its validation fold (validation_window_days = 3) has no samples; it needs 3 days of "
                   "history before the as-of day, --as-of 4 or later"),
      std::string::npos)
      << message;
}

TEST(StoreMatch, CouponsFromAnotherStoreAreRefusedNamingBothFingerprints) {
  EXPECT_NO_THROW(io::check_scored_from("C.h5", "abc", "S.h5", "abc"));
  EXPECT_NO_THROW(io::check_scored_from("C.h5", "", "S.h5", "abc"));  // no attribute: cannot tell
  try {
    io::check_scored_from("C.h5", "abc", "S.h5", "def");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), exit_data);
    EXPECT_EQ(std::string(e.what()),
              "C.h5 was scored from another store: its store_fingerprint is abc, S.h5 has fingerprint def "
              "(give the store the coupons were scored from)");
  }
}

TEST(ConsentWarning, NoConsentColumnOrNobodyConsentedIsNamed) {
  std::vector<io::HouseholdInfo> rows(2);
  EXPECT_EQ(ingest::consent_warning("H.csv", rows, false),
            "H.csv has no consent column: every household's consent is unknown, export will mail nobody");
  rows[0].consent = 0;
  EXPECT_EQ(ingest::consent_warning("H.csv", rows, true),
            "no household of H.csv has consent = 1 (2 rows): export will mail nobody");
  rows[1].consent = 1;
  EXPECT_EQ(ingest::consent_warning("H.csv", rows, true), "");
}

TEST(ConsentWarning, TheHeaderSaysWhetherThereIsAConsentColumn) {
  char name[] = "/tmp/basketgap_households_XXXXXX";
  const int fd = ::mkstemp(name);
  ASSERT_GE(fd, 0);
  ::close(fd);
  std::ofstream(name) << "household_key,Consent\n1,1\n";
  EXPECT_TRUE(io::households_csv_columns(name).consent);
  std::ofstream(name) << "household_key,hh_comp_desc\n1,Single\n";
  EXPECT_FALSE(io::households_csv_columns(name).consent);
  std::remove(name);
}

// The hole around an as-of (rows up to day 706, the next on day 716: one row dated 716 for 706)
// is a missing night unless the shop's own year had holes half as long or longer.
TEST(AsOfChecks, AHoleLongerThanTheShopsUsualOnesIsMissingNights) {
  const io::StoreSummary store = days(1, 716);
  const auto missing = [&](std::int64_t day, std::int64_t longest_before) {
    return in_missing_days(day, RowsAround{706, 716, longest_before}, store);
  };
  EXPECT_TRUE(missing(710, 0));   // a daily shop: 9 days without a row
  EXPECT_TRUE(missing(707, 4));   // 9 > 2 x 4
  EXPECT_FALSE(missing(710, 6));  // weekly data: 6-day holes every week, 9 <= 2 x 6
  EXPECT_FALSE(missing(706, 0));  // the day itself has rows
  EXPECT_FALSE(missing(717, 0));  // after the last day: as_of_problems' case
  // Up to a week is never suspect; over a year always is.
  EXPECT_FALSE(in_missing_days(705, RowsAround{700, 708, 0}, store));
  EXPECT_TRUE(in_missing_days(705, RowsAround{700, 709, 0}, store));
  EXPECT_TRUE(in_missing_days(500, RowsAround{300, 700, 300}, store));
  // Nights without sales recorded after the stray row (the store's last day 718): the row's
  // day is named, not the store's last; and the fix named is one that can be applied.
  const io::StoreSummary with_closed_nights = days(1, 718);
  const auto [code, message] = [&]() -> std::pair<int, std::string> {
    try {
      missing_days_before(710, RowsAround{706, 716, 1}, with_closed_nights, "S.h5", {});
      return {0, ""};
    } catch (const Error& e) {
      return {e.code(), e.what()};
    }
  }();
  EXPECT_EQ(code, exit_data);
  EXPECT_NE(message.find("--as-of 710: S.h5 has no rows from day 707 to day 715 (9 days; the longest hole of "
                         "the year before: 1 days) (day 716's rows dated after the as-of day by "
                         "mistake, or the nights since day 706 never arrived); append the missing nights' "
                         "files, or re-ingest with the row's day corrected; a closing the shop really had: "
                         "--allow-stale"),
            std::string::npos)
      << message;
  EXPECT_EQ(message.find("no-sales-day"), std::string::npos) << message;
  EXPECT_EQ(missing_days_before(710, RowsAround{706, 716, 1}, store, "S.h5", {true, false}).size(), 1u);
}

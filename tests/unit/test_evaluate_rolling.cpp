// `evaluate --windows N` (docs/EVALUATE.md, "Rolling backtest"): the as-of days of the windows,
// the check that the earliest fits the store, the summary over the windows (wired to the
// engine's statistics, tests/engine/test_rolling_stats.cpp) and the section in each output.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "engine/student_t.hpp"
#include "io/errors.hpp"
#include "io/store/reader.hpp"
#include "jobs/evaluate/rolling.hpp"
#include "jobs/evaluate/windows.hpp"
#include "jobs/jobs.hpp"
#include "jobs/report/html_report.hpp"
#include "jobs/report/output.hpp"

using namespace basketgap;
using namespace basketgap::evaluate;

namespace {

EvaluateOptions options(int windows, bool tune = false) {
  EvaluateOptions o;
  o.as_of = 635;
  o.window = 14;
  o.windows = windows;
  o.tune = tune;
  return o;
}

io::StoreSummary store_from_day_1() {
  io::StoreSummary s;
  s.min_day = 1;
  s.max_day = 711;
  return s;
}

// The message of the UsageError check_windows_fit throws, or "" when it fits.
std::string fit_error(const EvaluateOptions& o, const engine::ScoreConfig& config) {
  try {
    check_windows_fit(o, config, store_from_day_1());
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), exit_usage);
    EXPECT_TRUE(e.on_all_ranks());
    return e.what();
  }
  return "";
}

engine::SystemMetrics metrics(double ndcg, std::int64_t households, std::int64_t repeat,
                              std::int64_t explore) {
  engine::SystemMetrics m;
  m.households = households;
  m.recall = ndcg / 2;
  m.precision = ndcg / 4;
  m.hit_rate = 0.5;
  m.ndcg = ndcg;
  m.repeat_hits = repeat;
  m.explore_hits = explore;
  return m;
}

// Three windows: the engine's NDCG 0.21, 0.22, 0.23 against a baseline's 0.2 in each.
Result rolled() {
  Result r;
  r.as_of = 635;
  r.window = 14;
  r.k = 12;
  r.evaluated = 1000;
  r.store_max_day = 711;
  r.segments.push_back({"activity", "low", -1e300, 4, 1000});
  for (const char* name : {"engine", "personal_top_frequency"}) {
    SystemResult s;
    s.name = name;
    s.by_segment.emplace_back();
    r.systems.push_back(s);
  }
  std::vector<RollingWindow> windows;
  for (int w = 0; w < 3; ++w) {
    RollingWindow x;
    x.as_of = 607 + 14 * w;
    x.evaluated = 1000;
    x.systems.push_back(rolling_values(metrics(0.21 + 0.01 * w, 1000, 2000 + 100 * w, 4)));
    x.systems.push_back(rolling_values(metrics(0.2, 1000, 1800, 0)));
    windows.push_back(x);
  }
  r.rolling = summarise_windows(windows, {"engine", "personal_top_frequency"});
  return r;
}

}  // namespace

TEST(EvaluateRolling, WindowsEndAtTheAsOfDay) {
  EXPECT_EQ(window_as_of_days(635, 14, 4), (std::vector<std::int32_t>{593, 607, 621, 635}));
  EXPECT_EQ(window_as_of_days(635, 14, 1), (std::vector<std::int32_t>{635}));
  EXPECT_EQ(window_as_of_days(100, 7, 3), (std::vector<std::int32_t>{86, 93, 100}));
}

TEST(EvaluateRolling, TheEarliestWindowMustLeaveTheEnginesHistory) {
  engine::ScoreConfig config;  // learn_blend, validation_window_days = 14: as-of 15 at the earliest
  EXPECT_EQ(history_days_needed(options(2), config), 14);
  EXPECT_EQ(fit_error(options(45), config), "");                // 635 - 44 * 14 = 19
  const std::string too_many = fit_error(options(46), config);  // 635 - 45 * 14 = 5
  EXPECT_NE(too_many.find("--windows 46 reaches back to as-of day 5 "), std::string::npos) << too_many;
  EXPECT_NE(too_many.find("the earliest as-of day this store allows is 15"), std::string::npos) << too_many;
  EXPECT_NE(too_many.find("use --windows 45 at most"), std::string::npos) << too_many;
  // --tune validates on the W days before each as-of day, the blend on the 14 before that.
  EXPECT_EQ(history_days_needed(options(2, true), config), 28);
  EXPECT_EQ(fit_error(options(44, true), config), "");  // earliest 33 >= 29
  EXPECT_NE(fit_error(options(45, true), config).find("allows is 29"), std::string::npos);
  // Without a learned blend only the store's first day bounds it.
  config.learn_blend = false;
  EXPECT_EQ(fit_error(options(46), config), "");  // earliest 5 >= 1
  EXPECT_NE(fit_error(options(47), config).find("as-of day -9 "), std::string::npos);
  // A huge N does not wrap around; one window is the single backtest, checked as before.
  EXPECT_NE(fit_error(options(100000), config).find("use --windows 46 at most"), std::string::npos);
  EXPECT_EQ(fit_error(options(1), config), "");
}

TEST(EvaluateRolling, OneWindowBeforeTheBlendsHistoryIsAnErrorAsWithWindows) {
  // One window as of day 10 of a store from day 1: the blend needs 14 days before it. score
  // stops there (exit 64), and so does --windows; judging the hand-set blend as the engine
  // would mislead.
  engine::ScoreConfig config;
  EvaluateOptions early = options(1);
  early.as_of = 10;
  const std::string message = fit_error(early, config);
  EXPECT_NE(message.find("--as-of 10 is too early for the engine's blend: the store starts on day 1 and the "
                         "blend is fitted on the 14 days before an as-of day"),
            std::string::npos)
      << message;
  EXPECT_NE(
      message.find("use --as-of 15 or later, learn_blend = false in --config to judge the hand-set blend, "
                   "or --allow-default-blend"),
      std::string::npos)
      << message;
  // --allow-default-blend judges the default blend there, as score scores with it.
  early.allow_default_blend = true;
  EXPECT_EQ(fit_error(early, config), "");
  early.allow_default_blend = false;
  // With --windows the same: no window fits, so the advice is the as-of day, not --windows 1.
  early.windows = 2;
  const std::string rolling = fit_error(early, config);
  EXPECT_NE(rolling.find("no window fits: --as-of itself is before it; use --as-of 15 or later"),
            std::string::npos)
      << rolling;
  early.as_of = 20;  // one window fits (as of 20), a second (as of 6) does not
  EXPECT_NE(fit_error(early, config).find("no second window fits before --as-of; use --windows 1"),
            std::string::npos);
  early.windows = 1;
  early.as_of = 15;
  EXPECT_EQ(fit_error(early, config), "");
  // A coupons file is judged on any day; the hand-set blend needs no history.
  early.as_of = 10;
  early.coupons = "coupons.h5";
  EXPECT_EQ(fit_error(early, config), "");
  early.coupons.clear();
  config.learn_blend = false;
  EXPECT_EQ(fit_error(early, config), "");
}

TEST(EvaluateRolling, AShortWindowNeedsOneFoldOfTheBlendsSpan) {
  engine::ScoreConfig config;
  config.validation_window_days = 3;  // 5 folds of 3 days cover validation_span_days = 14
  EXPECT_EQ(engine::blend_fold_count(config), 5);
  EXPECT_EQ(history_days_needed(options(2), config), 3);  // as many folds as fit: at least one
  config.validation_window_days = 7;
  EXPECT_EQ(engine::blend_fold_count(config), 2);
  config.validation_window_days = 28;  // longer than the span: one fold
  EXPECT_EQ(engine::blend_fold_count(config), 1);
  config.validation_span_days = 60;
  EXPECT_EQ(engine::blend_fold_count(config), 3);
}

TEST(EvaluateRolling, AWindowFittedOnFewerFoldsIsNamedInTheNotes) {
  engine::ScoreConfig config;
  config.validation_window_days = 3;  // 5 folds asked; the store starts on day 1
  const std::vector<std::int32_t> days{5, 8, 14, 20};
  EXPECT_EQ(
      short_blend_history_note(config, days, 1),
      "the engine's blend was fitted on fewer than the 5 3-day validation folds that validation_span_days = "
      "14 asks (the history before the as-of day is short): as of day 5 on 1, as of day 8 on 2, as of day "
      "14 on 4");
  EXPECT_EQ(short_blend_history_note(config, std::vector<std::int32_t>{16, 30}, 1), "");  // 5 folds fit
  config.learn_blend = false;  // the hand-set blend: no folds
  EXPECT_EQ(short_blend_history_note(config, days, 1), "");
  EXPECT_EQ(short_blend_history_note(engine::ScoreConfig{}, std::vector<std::int32_t>{15, 29}, 1), "");
}

TEST(EvaluateRolling, AnEmptySegmentIsNotApplicableNotZero) {
  Result r = rolled();
  r.rolling = {};
  r.segments.push_back({"activity", "mid", 4, 4, 0});  // ties kept every household in "low"
  for (auto& s : r.systems) s.by_segment.emplace_back();
  const std::string table = format_table(r);
  EXPECT_NE(table.find("activity/mid                    0                      n/a                      n/a"),
            std::string::npos)
      << table;
  const nlohmann::ordered_json j = to_json(r);
  EXPECT_TRUE(j["segments"][1]["systems"]["engine"].is_null());
  EXPECT_FALSE(j["segments"][0]["systems"]["engine"].is_null());
  EXPECT_NE(report_html(r, "").find("<td>n/a</td>"), std::string::npos);
}

TEST(EvaluateRolling, TheEnginePredictsTheJudgedWindowUnlessTheFileSaysOtherwise) {
  JobConfig defaults;
  predict_the_judged_window(defaults, 3, true, false);
  EXPECT_EQ(defaults.score.validation_window_days, 3);
  // Longer than any horizon: an error when the engine scores, not when a coupons file is judged.
  JobConfig longer;
  try {
    predict_the_judged_window(longer, 366, true, false);
    ADD_FAILURE() << "a 366-day window was accepted as the engine's horizon";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), exit_usage);
    EXPECT_NE(std::string(e.what()).find("--window 366: the engine predicts at most 365 days"),
              std::string::npos)
        << e.what();
  }
  EXPECT_NO_THROW(predict_the_judged_window(longer, 366, false, false));
  JobConfig longer_given = parse_config("[score]\nvalidation_window_days = 365\n", "cfg.toml");
  predict_the_judged_window(longer_given, 400, true, false);
  EXPECT_EQ(longer_given.score.validation_window_days, 365);
  JobConfig given = parse_config("[score]\nvalidation_window_days = 21\n", "cfg.toml");
  EXPECT_TRUE(given.gives("score.validation_window_days"));
  EXPECT_FALSE(given.gives("score.validation_span_days"));
  predict_the_judged_window(given, 3, true, false);
  EXPECT_EQ(given.score.validation_window_days, 21);
}

TEST(EvaluateRolling, SummaryPairsTheSystemWithEachBaselineOverTheWindows) {
  const Rolling& r = rolled().rolling;
  ASSERT_EQ(r.means.size(), 2u);
  ASSERT_EQ(r.versus.size(), 1u);
  EXPECT_EQ(r.versus[0].baseline, "personal_top_frequency");
  // NDCG (index 3): 0.21, 0.22, 0.23 -> mean 0.22, sd 0.01, se 0.01 / sqrt 3, t(2) = 4.303.
  const engine::Difference& ndcg = r.means[0][3];
  EXPECT_NEAR(ndcg.estimate, 0.22, 1e-15);
  EXPECT_NEAR(ndcg.standard_error, 0.01 / std::sqrt(3.0), 1e-15);
  EXPECT_NEAR(ndcg.ci_high - ndcg.estimate, engine::student_t95(2) * 0.01 / std::sqrt(3.0), 1e-15);
  // The baseline never moves: no spread (but for rounding), the interval is the point.
  EXPECT_NEAR(r.means[1][3].standard_error, 0, 1e-15);
  // Repeat hits per household (index 4): 2.0, 2.1, 2.2 against 1.8: d = 0.2, 0.3, 0.4.
  EXPECT_NEAR(r.windows[1].systems[0][4], 2.1, 1e-15);
  const engine::WindowComparison& repeat = r.versus[0].metrics[4];
  EXPECT_NEAR(repeat.difference.estimate, 0.3, 1e-12);
  EXPECT_EQ(repeat.wins, 3);
  EXPECT_EQ(repeat.windows, 3);
  EXPECT_EQ(engine::verdict_of(repeat.difference), engine::Verdict::better);
  // NDCG: d = 0.01, 0.02, 0.03, mean 0.02 -/+ 4.303 * 0.01 / sqrt 3 = 0.0248: holds 0 despite 3 wins.
  EXPECT_EQ(r.versus[0].metrics[3].wins, 3);
  EXPECT_EQ(engine::verdict_of(r.versus[0].metrics[3].difference), engine::Verdict::unclear);
  // Explore hits per household: 4 / 1000 in every window against 0.
  EXPECT_NEAR(r.windows[0].systems[0][5], 0.004, 1e-15);
}

TEST(EvaluateRolling, AWindowPastTheStoresLastDayEndsOnIt) {
  Result r = rolled();
  r.store_max_day = 640;  // the last window, days 636-649, holds 636-640 only
  const nlohmann::ordered_json j = to_json(r);
  EXPECT_EQ(j["rolling"]["windows"][1]["first_day"], 622);
  EXPECT_EQ(j["rolling"]["windows"][1]["last_day"], 635);
  EXPECT_EQ(j["rolling"]["windows"][2]["first_day"], 636);
  EXPECT_EQ(j["rolling"]["windows"][2]["last_day"], 640);
}

TEST(EvaluateRolling, EveryOutputHasTheSectionOnlyWithWindows) {
  const Result r = rolled();
  const std::string table = format_table(r);
  EXPECT_NE(table.find("Rolling backtest over 3 windows (as of days 607, 621, 635; 14 days each, K = 12)"),
            std::string::npos)
      << table;
  EXPECT_NE(
      table.find("over 3 windows, the basketgap engine: NDCG@12 0.220 (95% CI 0.195\u20130.245), no clear "
                 "difference from personal top frequency (+0.020, 95% CI -0.005 to +0.045), ahead in 3 of 3 "
                 "windows"),
      std::string::npos)
      << table;
  EXPECT_NE(table.find("2 degrees of freedom"), std::string::npos);
  const nlohmann::ordered_json j = to_json(r);
  ASSERT_TRUE(j.contains("rolling"));
  EXPECT_EQ(j["rolling"]["count"], 3);
  EXPECT_EQ(j["rolling"]["windows"][2]["as_of"], 635);
  EXPECT_EQ(j["rolling"]["windows"][2]["last_day"], 649);
  EXPECT_FALSE(j["rolling"]["windows"][2].contains("engine_config"));
  EXPECT_EQ(j["rolling"]["systems"]["engine"]["ndcg"]["mean"], r.rolling.means[0][3].estimate);
  EXPECT_NEAR(j["rolling"]["systems"]["personal_top_frequency"]["ndcg"]["ci_low"].get<double>(), 0.2, 1e-15);
  const auto& d =
      j["rolling"]["differences"]["versus"]["personal_top_frequency"]["repeat_hits_per_household"];
  EXPECT_EQ(d["wins"], 3);
  EXPECT_EQ(d["verdict"], "better");
  const std::string html = report_html(r, "");
  EXPECT_NE(html.find("<h2>Rolling backtest over 3 windows</h2>"), std::string::npos);
  EXPECT_NE(html.find("<td>3 of 3</td>"), std::string::npos);

  Result single = rolled();
  single.rolling = {};
  EXPECT_FALSE(to_json(single).contains("rolling"));
  EXPECT_EQ(format_table(single).find("Rolling"), std::string::npos);
  EXPECT_EQ(report_html(single, "").find("Rolling"), std::string::npos);
}

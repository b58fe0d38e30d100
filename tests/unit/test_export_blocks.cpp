// export's split of a coupons file between ranks (jobs/export/blocks.hpp): whole blocks,
// contiguous, in rank order, covering every row once, rank 0 holding block 0.
#include <gtest/gtest.h>

#include "jobs/export/blocks.hpp"

using basketgap::exporting::block_count;
using basketgap::exporting::kBlockHouseholds;
using basketgap::exporting::slice_of_rank;

TEST(ExportBlocks, SlicesAreWholeContiguousBlocksCoveringEveryRow) {
  for (const std::size_t rows : {std::size_t{0}, std::size_t{1}, std::size_t{999}, std::size_t{1000},
                                 std::size_t{3001}, std::size_t{12345}}) {
    for (int ranks = 1; ranks <= 5; ++ranks) {
      std::size_t next_block = 0, next_row = 0;
      for (int r = 0; r < ranks; ++r) {
        const auto s = slice_of_rank(rows, r, ranks);
        EXPECT_EQ(s.first_block, next_block) << rows << " rows, rank " << r << " of " << ranks;
        EXPECT_EQ(s.first_row, next_row);
        EXPECT_LE(s.end_block - s.first_block, block_count(rows) / ranks + 1);
        if (s.first_row < rows) {
          EXPECT_EQ(s.first_row % kBlockHouseholds, 0u);
        }
        next_block = s.end_block;
        next_row = s.first_row + s.rows;
      }
      EXPECT_EQ(next_block, block_count(rows));
      EXPECT_EQ(next_row, rows);
      EXPECT_EQ(slice_of_rank(rows, 0, ranks).first_block, 0u);
      EXPECT_GE(slice_of_rank(rows, 0, ranks).end_block, 1u) << "rank 0 writes the header";
    }
  }
}

TEST(ExportBlocks, AnEmptyFileHasOneBlockForTheHeader) {
  EXPECT_EQ(block_count(0), 1u);
  EXPECT_EQ(block_count(kBlockHouseholds), 1u);
  EXPECT_EQ(block_count(kBlockHouseholds + 1), 2u);
}

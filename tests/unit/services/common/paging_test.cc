#include "services/common/paging.h"

#include <gtest/gtest.h>

#include "tdkt/v1/common.pb.h"

namespace tdkt::common {
namespace {

tdkt::v1::PageRequest Request(int size, const std::string& token = "") {
  tdkt::v1::PageRequest request;
  request.set_page_size(size);
  request.set_page_token(token);
  return request;
}

TEST(Paging, SizePolicy) {
  EXPECT_EQ(*PageSizeOf(0), kDefaultPageSize);
  EXPECT_EQ(*PageSizeOf(7), 7);
  EXPECT_EQ(*PageSizeOf(10'000), kMaxPageSize);
  EXPECT_EQ(PageSizeOf(-1).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(Paging, TokenRoundTripsThroughTheSameQueryAndFilter) {
  const std::string token = EncodePageToken("inbox", "org=7;states=SUBMITTED", {"2026-03-10", "d-42"});
  auto page = DecodePage(Request(20, token), "inbox", "org=7;states=SUBMITTED");
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->size, 20);
  ASSERT_TRUE(page->after.has_value());
  EXPECT_EQ(page->after->sort_key, "2026-03-10");
  EXPECT_EQ(page->after->id, "d-42");
  auto first = DecodePage(Request(0), "inbox", "anything");
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE(first->after.has_value());
}

TEST(Paging, TokenOfAnotherFilterOrQueryOrMadeUpIsRefused) {
  const std::string token = EncodePageToken("inbox", "org=7", {"", "d-1"});
  EXPECT_EQ(DecodePage(Request(0, token), "inbox", "org=8").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DecodePage(Request(0, token), "search", "org=7").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(DecodePage(Request(0, "garbage"), "inbox", "org=7").ok());
  std::string altered = token;
  altered.back() = altered.back() == 'A' ? 'B' : 'A';
  auto decoded = DecodePage(Request(0, altered), "inbox", "org=7");
  // An altered cursor is refused or names another position (it only narrows the caller's own query).
  EXPECT_TRUE(!decoded.ok() || decoded->after->id != "d-1");
  EXPECT_FALSE(DecodePage(Request(0, std::string(2000, 'a')), "inbox", "org=7").ok());
}

}  // namespace
}  // namespace tdkt::common

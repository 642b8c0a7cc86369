#include "services/common/csv_reader.h"

#include <gtest/gtest.h>

namespace tdkt::common {
namespace {

TEST(ReadCsv, QuotedCommasQuotesAndLineBreaksKeepTheirPhysicalLines) {
  auto records = ReadCsv("\xEF\xBB\xBF" "a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\n\n\"two\nlines\",z\nlast,");
  ASSERT_TRUE(records.ok()) << records.status();
  ASSERT_EQ(records->size(), 4u);
  EXPECT_EQ((*records)[0].fields, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ((*records)[1].fields, (std::vector<std::string>{"x, y", "say \"hi\""}));
  EXPECT_EQ((*records)[1].line, 2);
  EXPECT_EQ((*records)[2].fields, (std::vector<std::string>{"two\nlines", "z"}));
  EXPECT_EQ((*records)[2].line, 4);
  EXPECT_EQ((*records)[3].line, 6);
  EXPECT_EQ((*records)[3].fields, (std::vector<std::string>{"last", ""}));
}

TEST(ReadCsv, UnterminatedQuoteNamesItsLine) {
  auto records = ReadCsv("a\n\"open,b\nc\n");
  ASSERT_FALSE(records.ok());
  EXPECT_NE(records.status().message().find("line 2"), std::string::npos) << records.status();
  EXPECT_FALSE(ReadCsv("\"x\"y,z\n").ok());
}

}  // namespace
}  // namespace tdkt::common

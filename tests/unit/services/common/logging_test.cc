#include "services/common/logging.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

namespace tdkt::common {
namespace {

TEST(Logging, JsonLinesAreValidJsonWithEscapedMessages) {
  ::testing::internal::CaptureStderr();
  InitLogging("directory", LogFormat::kJson, "info");
  spdlog::info("tổ chức \"{}\" đã tạo\nline two", "Xã Đồng Tân");
  spdlog::debug("not shown at info");
  std::string out = ::testing::internal::GetCapturedStderr();
  ASSERT_EQ(std::count(out.begin(), out.end(), '\n'), 1) << out;
  nlohmann::json record = nlohmann::json::parse(out);
  EXPECT_EQ(record["level"], "info");
  EXPECT_EQ(record["service"], "directory");
  EXPECT_EQ(record["msg"], "tổ chức \"Xã Đồng Tân\" đã tạo\nline two");
  EXPECT_EQ(record["ts"].get<std::string>().back(), 'Z');
}

TEST(Logging, TextLinesNameTheService) {
  ::testing::internal::CaptureStderr();
  InitLogging("dossier", LogFormat::kText, "info");
  spdlog::warn("slow query");
  std::string out = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(out.find("warning [dossier] slow query"), std::string::npos) << out;
}

TEST(Logging, ParseLogFormat) {
  EXPECT_EQ(ParseLogFormat("json"), LogFormat::kJson);
  EXPECT_EQ(ParseLogFormat("text"), LogFormat::kText);
}

}  // namespace
}  // namespace tdkt::common

#include "services/common/logging.h"

#include <gtest/gtest.h>

#include <sstream>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "tdkt/v1/common.pb.h"

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

// libprotobuf's own messages (here: a string field with invalid UTF-8) come out as JSON lines too.
TEST(Logging, ProtobufMessagesGoThroughTheLogger) {
  tdkt::v1::Actor actor;
  actor.set_display_name("\xC3\x28");
  const std::string bytes = actor.SerializeAsString();
  ::testing::internal::CaptureStderr();
  InitLogging("dossier", LogFormat::kJson, "info");
  tdkt::v1::Actor parsed;
  EXPECT_FALSE(parsed.ParseFromString(bytes));
  std::string out = ::testing::internal::GetCapturedStderr();
  ASSERT_FALSE(out.empty());
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    nlohmann::json record = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    ASSERT_FALSE(record.is_discarded()) << "not a JSON line: " << line;
    EXPECT_NE(record["msg"].get<std::string>().find("invalid UTF-8"), std::string::npos) << line;
  }
}

TEST(Logging, ParseLogFormat) {
  EXPECT_EQ(ParseLogFormat("json"), LogFormat::kJson);
  EXPECT_EQ(ParseLogFormat("text"), LogFormat::kText);
}

}  // namespace
}  // namespace tdkt::common

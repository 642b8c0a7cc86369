#pragma once
// LogCapture: while it lives, everything logged through spdlog's default logger goes into memory, so a test can
// check what a service wrote (e.g. that no ID number or name reaches the log). Restores the previous logger.
//
//   testing::LogCapture log_;            // a fixture member
//   EXPECT_EQ(log_.str().find(id_number), std::string::npos);
#include <memory>
#include <sstream>
#include <string>

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

namespace tdkt::testing {

class LogCapture {
 public:
  LogCapture()
      : logger_(std::make_shared<spdlog::logger>(
            "capture", std::make_shared<spdlog::sinks::ostream_sink_mt>(text_, /*force_flush=*/true))),
        previous_(spdlog::default_logger()) {
    logger_->set_level(spdlog::level::trace);
    spdlog::set_default_logger(logger_);
  }
  ~LogCapture() { spdlog::set_default_logger(previous_); }
  LogCapture(const LogCapture&) = delete;
  LogCapture& operator=(const LogCapture&) = delete;

  std::string str() const { return text_.str(); }

 private:
  std::ostringstream text_;
  std::shared_ptr<spdlog::logger> logger_;
  std::shared_ptr<spdlog::logger> previous_;
};

}  // namespace tdkt::testing

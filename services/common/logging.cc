#include "services/common/logging.h"

#include <chrono>
#include <memory>

#include <google/protobuf/stubs/logging.h>
#include <nlohmann/json.hpp>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "absl/time/time.h"

namespace tdkt::common {
namespace {

// Formats each record as one JSON object; nlohmann::json escapes the message correctly, which a
// spdlog pattern cannot.
class JsonFormatter final : public spdlog::formatter {
 public:
  explicit JsonFormatter(std::string service) : service_(std::move(service)) {}

  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    const absl::Time time = absl::FromChrono(msg.time);
    nlohmann::json record = {
        {"ts", absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", time, absl::UTCTimeZone())},
        {"level", std::string(spdlog::level::to_string_view(msg.level).data(),
                              spdlog::level::to_string_view(msg.level).size())},
        {"service", service_},
        {"msg", std::string(msg.payload.data(), msg.payload.size())},
    };
    const std::string line =
        record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    dest.append(line.data(), line.data() + line.size());
  }

  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<JsonFormatter>(service_);
  }

 private:
  std::string service_;
};

// libprotobuf writes its own warnings (e.g. "String field … contains invalid UTF-8 data") straight to stderr;
// they go through the service's logger instead, so that JSON logs stay one JSON object per line.
void ProtobufToLogger(google::protobuf::LogLevel level, const char* file, int line, const std::string& message) {
  const spdlog::level::level_enum mapped = level == google::protobuf::LOGLEVEL_INFO      ? spdlog::level::info
                                           : level == google::protobuf::LOGLEVEL_WARNING ? spdlog::level::warn
                                                                                          : spdlog::level::err;
  spdlog::log(mapped, "protobuf {}:{}: {}", file, line, message);
}

}  // namespace

LogFormat ParseLogFormat(const std::string& value) {
  return value == "json" ? LogFormat::kJson : LogFormat::kText;
}

void InitLogging(const std::string& service, LogFormat format, const std::string& level) {
  auto sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  auto logger = std::make_shared<spdlog::logger>(service, sink);
  if (format == LogFormat::kJson) {
    logger->set_formatter(std::make_unique<JsonFormatter>(service));
  } else {
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ [%n] %v");
  }
  logger->set_level(spdlog::level::from_str(level));
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(std::move(logger));
  google::protobuf::SetLogHandler(&ProtobufToLogger);
}

}  // namespace tdkt::common

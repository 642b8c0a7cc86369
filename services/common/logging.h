#pragma once
// InitLogging: one logger per process, human-readable lines by default or JSON lines (TDKT_LOG_FORMAT=json)
// for log collectors. Personal data (names, ID numbers) is never logged: log ids and codes instead.
//
//   InitLogging("directory", LogFormat::kJson, "info");
//   spdlog::info("listening on {}", address);
#include <string>

namespace tdkt::common {

enum class LogFormat { kText, kJson };

LogFormat ParseLogFormat(const std::string& value);  // "json" → kJson, anything else → kText

// Replaces the default spdlog logger with one writing to stderr in `format` at `level`.
void InitLogging(const std::string& service, LogFormat format, const std::string& level);

}  // namespace tdkt::common

#pragma once
// The two network clients of the notifier, both on libcurl: an HTTP POST for webhooks and an SMTP submission for
// e-mail. Blocking, one call per transfer, safe to call from several threads (each call has its own handle).
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace tdkt::notifier {

struct HttpPostOptions {
  absl::Duration timeout = absl::Seconds(10);  // the whole request; a target that hangs is cut off here
  bool allow_loopback = false;                  // webhook_url.h: checked again on the address connected to
};

struct HttpResult {
  int status = 0;        // 0 when no HTTP answer came (connect error, timeout, refused address)
  std::string error;     // empty for any HTTP answer; a short English reason otherwise, e.g. "timeout after 10s"
  absl::Duration latency;
};

// POSTs `body` with `headers` ("Name: value"); never follows redirects.
HttpResult HttpPost(const std::string& url, const std::string& body, const std::vector<std::string>& headers,
                    const HttpPostOptions& options);

struct SmtpOptions {
  std::string url = {};     // smtp://host:port or smtps://host:port
  std::string from = {};    // envelope sender, e.g. tdkt@example.gov.vn
  std::string username = {};  // empty: no AUTH
  std::string password = {};
  absl::Duration timeout = absl::Seconds(30);
};

// Submits one RFC 5322 message (CRLF line ends) to `to`. UNAVAILABLE when the server cannot be reached or
// refuses for now; the caller keeps the message and tries again.
absl::Status SmtpSend(const SmtpOptions& options, const std::string& to, const std::string& message);

}  // namespace tdkt::notifier

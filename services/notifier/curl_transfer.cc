#include "services/notifier/curl_transfer.h"

#include <sys/socket.h>

#include <cstring>
#include <memory>
#include <mutex>

#include <curl/curl.h>

#include "absl/strings/str_cat.h"
#include "services/notifier/webhook_url.h"

namespace tdkt::notifier {
namespace {

void InitCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct CurlDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct ListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

// Reads at most 64 KiB of an answer body and drops it: only the status matters.
size_t DiscardBody(char*, size_t size, size_t count, void* userdata) {
  auto* seen = static_cast<size_t*>(userdata);
  *seen += size * count;
  return *seen > (64u << 10) ? 0 : size * count;
}

struct SocketGuard {
  bool allow_loopback = false;
  bool refused = false;
};

// Refuses to connect to a forbidden address, whatever name resolved to it.
curl_socket_t OpenCheckedSocket(void* clientp, curlsocktype, curl_sockaddr* address) {
  auto* guard = static_cast<SocketGuard*>(clientp);
  if (IsForbiddenAddress(&address->addr, guard->allow_loopback)) {
    guard->refused = true;
    return CURL_SOCKET_BAD;
  }
  return socket(address->family, address->socktype, address->protocol);
}

struct ReadState {
  const std::string* data;
  size_t offset = 0;
};

size_t ReadMessage(char* buffer, size_t size, size_t count, void* userdata) {
  auto* state = static_cast<ReadState*>(userdata);
  const size_t n = std::min(size * count, state->data->size() - state->offset);
  std::memcpy(buffer, state->data->data() + state->offset, n);
  state->offset += n;
  return n;
}

}  // namespace

HttpResult HttpPost(const std::string& url, const std::string& body, const std::vector<std::string>& headers,
                    const HttpPostOptions& options) {
  InitCurlOnce();
  HttpResult result;
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (curl == nullptr) {
    result.error = "cannot create an HTTP client";
    return result;
  }
  std::unique_ptr<curl_slist, ListDeleter> list;
  for (const std::string& header : headers) list.reset(curl_slist_append(list.release(), header.c_str()));
  size_t seen = 0;
  SocketGuard guard{options.allow_loopback};
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(c, CURLOPT_POST, 1L);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, list.get());
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(absl::ToInt64Milliseconds(options.timeout)));
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, DiscardBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &seen);
  curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, OpenCheckedSocket);
  curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, &guard);
  const absl::Time start = absl::Now();
  const CURLcode code = curl_easy_perform(c);
  result.latency = absl::Now() - start;
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  result.status = static_cast<int>(status);
  if (guard.refused) {
    result.status = 0;
    result.error = "refused: the address is link-local, metadata or loopback";
  } else if (code == CURLE_OPERATION_TIMEDOUT) {
    result.status = 0;
    result.error = absl::StrCat("timeout after ", absl::FormatDuration(options.timeout));
  } else if (code != CURLE_OK && !(code == CURLE_WRITE_ERROR && status > 0)) {
    result.status = 0;
    result.error = curl_easy_strerror(code);
  }
  return result;
}

absl::Status SmtpSend(const SmtpOptions& options, const std::string& to, const std::string& message) {
  InitCurlOnce();
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (curl == nullptr) return absl::UnavailableError("cannot create an SMTP client");
  std::unique_ptr<curl_slist, ListDeleter> recipients(curl_slist_append(nullptr, ("<" + to + ">").c_str()));
  ReadState state{&message};
  const std::string from = "<" + options.from + ">";
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, options.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(c, CURLOPT_READFUNCTION, ReadMessage);
  curl_easy_setopt(c, CURLOPT_READDATA, &state);
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(absl::ToInt64Milliseconds(options.timeout)));
  if (!options.username.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, options.username.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, options.password.c_str());
  }
  const CURLcode code = curl_easy_perform(c);
  if (code == CURLE_OK) return absl::OkStatus();
  return absl::UnavailableError(absl::StrCat("SMTP: ", curl_easy_strerror(code)));
}

}  // namespace tdkt::notifier

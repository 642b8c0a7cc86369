#include "services/gateway/session_store.h"

#include <sodium.h>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "base/sha256.h"
#include "base/sodium.h"

namespace tdkt::gateway {

std::string NewRandomToken() {
  (void)base::InitSodium();
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof(bytes));
  return base::HexOf(std::string_view(reinterpret_cast<const char*>(bytes), sizeof(bytes)));
}

SessionStore::SessionStore(common::RedisEndpoint endpoint, std::string prefix, const base::Clock& clock,
                           int connections)
    : endpoint_(std::move(endpoint)), prefix_(std::move(prefix)), clock_(clock) {
  // A browser must not wait the default 10 s reconnect budget for a Redis that is gone: fail fast (503).
  const common::RedisOptions options{.connect_timeout = absl::Milliseconds(500),
                                     .command_timeout = absl::Seconds(2),
                                     .reconnect_budget = absl::Seconds(1)};
  for (int i = 0; i < connections; ++i) idle_.push_back(std::make_unique<common::RedisStreams>(endpoint_, options));
}

SessionStore::~SessionStore() = default;

std::string SessionStore::KeyOf(const std::string& id) const { return prefix_ + base::Sha256Hex(id); }

absl::StatusOr<std::string> SessionStore::Run(const std::vector<std::string>& args) {
  std::unique_ptr<common::RedisStreams> client;
  {
    std::unique_lock<std::mutex> lock(mutex_);
    available_.wait(lock, [&] { return !idle_.empty(); });
    client = std::move(idle_.back());
    idle_.pop_back();
  }
  absl::StatusOr<std::string> reply = client->Command(args);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    idle_.push_back(std::move(client));
  }
  available_.notify_one();
  if (!reply.ok()) {
    return absl::UnavailableError(absl::StrCat("Không lưu được phiên đăng nhập, xin thử lại sau (session store: ",
                                               reply.status().message(), ")"));
  }
  return reply;
}

absl::Status SessionStore::Put(const std::string& id, const Session& session) {
  const absl::Duration ttl = session.refresh_expires - clock_.Now();
  if (ttl <= absl::ZeroDuration()) return Delete(id);
  const nlohmann::json value = {{"access_token", session.access_token},
                                {"access_expires_ms", absl::ToUnixMillis(session.access_expires)},
                                {"refresh_token", session.refresh_token},
                                {"refresh_expires_ms", absl::ToUnixMillis(session.refresh_expires)},
                                {"csrf_token", session.csrf_token},
                                {"person_id", session.person_id}};
  return Run({"SET", KeyOf(id), value.dump(), "PX", absl::StrCat(std::max<int64_t>(1, absl::ToInt64Milliseconds(ttl)))})
      .status();
}

absl::StatusOr<std::optional<Session>> SessionStore::Get(const std::string& id) {
  absl::StatusOr<std::string> text = Run({"GET", KeyOf(id)});
  if (!text.ok()) return text.status();
  if (text->empty()) return std::nullopt;
  const nlohmann::json value = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (!value.is_object()) return std::nullopt;  // not a session of this gateway: as good as none
  Session session;
  try {
    session.access_token = value.at("access_token").get<std::string>();
    session.access_expires = absl::FromUnixMillis(value.at("access_expires_ms").get<int64_t>());
    session.refresh_token = value.at("refresh_token").get<std::string>();
    session.refresh_expires = absl::FromUnixMillis(value.at("refresh_expires_ms").get<int64_t>());
    session.csrf_token = value.at("csrf_token").get<std::string>();
    session.person_id = value.at("person_id").get<std::string>();
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
  if (session.refresh_expires <= clock_.Now()) return std::nullopt;
  return session;
}

absl::Status SessionStore::Delete(const std::string& id) { return Run({"DEL", KeyOf(id)}).status(); }

absl::StatusOr<bool> SessionStore::TryLock(const std::string& id, const std::string& owner, absl::Duration ttl) {
  absl::StatusOr<std::string> reply =
      Run({"SET", KeyOf(id) + ":lock", owner, "NX", "PX", absl::StrCat(absl::ToInt64Milliseconds(ttl))});
  if (!reply.ok()) return reply.status();
  return *reply == "OK";
}

absl::Status SessionStore::Unlock(const std::string& id, const std::string& owner) {
  return Run({"EVAL", "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0",
              "1", KeyOf(id) + ":lock", owner})
      .status();
}

}  // namespace tdkt::gateway

#include "services/common/outbox_relay.h"

#include <algorithm>
#include <optional>
#include <vector>

#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

#include "services/common/pg_errors.h"
#include "services/common/pg_pool.h"

namespace tdkt::common {
namespace {

// LISTEN for the duration of the receiver; the payload is not used (the table is the truth).
class WakeUp final : public pqxx::notification_receiver {
 public:
  WakeUp(pqxx::connection_base& connection, const std::string& channel)
      : pqxx::notification_receiver(connection, channel) {}
  void operator()(const std::string&, int) override {}
};

struct PendingRow {
  int64_t id = 0;
  std::string event_id;
  std::string dossier_id;
  std::string type;
  std::string envelope;
};

// A Redis stream id, "<ms>-<seq>", ordered as Redis orders them.
struct StreamId {
  int64_t ms = 0;
  int64_t seq = 0;
  bool operator==(const StreamId&) const = default;
  std::string Text() const { return absl::StrCat(ms, "-", seq); }
};

absl::StatusOr<StreamId> ParseStreamId(const std::string& text) {
  const std::vector<std::string> parts = absl::StrSplit(text, '-');
  StreamId id;
  if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], &id.ms) || !absl::SimpleAtoi(parts[1], &id.seq)) {
    return absl::InternalError(absl::StrCat("outbox relay: Redis answered an unexpected stream id: ", text));
  }
  return id;
}

std::string BigintArray(const std::vector<int64_t>& values) { return "{" + absl::StrJoin(values, ",") + "}"; }

RedisOptions RelayRedisOptions(RedisOptions options) {
  // A relay thread must notice a stop request soon, so one command does not keep reconnecting for long.
  options.reconnect_budget = std::min(options.reconnect_budget, absl::Seconds(2));
  // An XADD cut off by a lost connection fails the pass instead of going to what may be a restarted Redis that
  // lost entries: only the check that begins each pass may talk to a new connection first (see the header).
  options.resend_after_reconnect = false;
  return options;
}

}  // namespace

OutboxRelay::OutboxRelay(PgPool* pool, RedisEndpoint redis, OutboxRelayOptions options)
    : pool_(pool),
      redis_(std::move(redis), RelayRedisOptions(options.redis)),
      options_(std::move(options)),
      table_(options_.schema + ".outbox") {}

OutboxRelay::~OutboxRelay() { Stop(); }

absl::StatusOr<int> OutboxRelay::PublishPending() {
  auto lease = pool_->Acquire();
  if (!lease.ok()) return lease.status();
  return PublishOn(**lease);
}

absl::StatusOr<int64_t> OutboxRelay::UnpublishWhatTheStreamLost(pqxx::transaction_base& txn) {
  const pqxx::result newest = txn.exec(absl::StrCat("SELECT stream_ms, stream_seq FROM ", table_,
                                                    " WHERE stream_ms IS NOT NULL "
                                                    "ORDER BY stream_ms DESC, stream_seq DESC LIMIT 1"));
  if (newest.empty()) return 0;  // nothing published that the stream could have lost
  const StreamId recorded{newest[0][0].as<int64_t>(), newest[0][1].as<int64_t>()};
  // The stream's last entry at or before the newest recorded id: that entry itself unless Redis lost it. Entries
  // added after a loss have later ids and do not hide it.
  absl::StatusOr<std::vector<StreamEntry>> kept = redis_.XRevRange(options_.stream, recorded.Text(), "-", 1);
  if (!kept.ok()) return kept.status();
  std::optional<StreamId> survivor;
  if (!kept->empty()) {
    absl::StatusOr<StreamId> id = ParseStreamId(kept->front().id);
    if (!id.ok()) return id.status();
    survivor = *id;
  }
  if (survivor == recorded) return 0;
  const std::string kUnpublish = absl::StrCat("UPDATE ", table_,
                                              " SET published_at = NULL, stream_ms = NULL, stream_seq = NULL "
                                              "WHERE stream_ms IS NOT NULL AND (stream_ms, stream_seq) > ($1, $2)");
  const pqxx::result lost = survivor ? txn.exec_params(kUnpublish, survivor->ms, survivor->seq)
                                     : txn.exec_params(kUnpublish, int64_t{-1}, int64_t{-1});
  spdlog::warn("outbox relay: the stream {} lacks the last {} events published to it (Redis lost writes it had "
               "acknowledged; its last entry is {}); publishing them again",
               options_.stream, lost.affected_rows(), survivor ? survivor->Text() : "none");
  return static_cast<int64_t>(lost.affected_rows());
}

void OutboxRelay::PruneIfDue(pqxx::transaction_base& txn) {
  const absl::Time now = absl::Now();
  if (now - last_prune_ < options_.prune_interval) return;
  last_prune_ = now;
  // The oldest rows by id only: bounded work, and published rows grow old in about id order. The age is tested
  // on the row itself, so a row a concurrent pass marked unpublished is never deleted.
  txn.exec_params(
      absl::StrCat("WITH oldest AS (SELECT id FROM ", table_, " ORDER BY id LIMIT $1) DELETE FROM ", table_,
                   " o USING oldest WHERE o.id = oldest.id AND o.published_at < now() - make_interval(secs => $2)"),
      options_.prune_batch, absl::ToDoubleSeconds(options_.published_retention));
}

absl::StatusOr<int> OutboxRelay::PublishOn(pqxx::connection_base& connection) {
  try {
    pqxx::work txn(connection);
    if (!txn.exec_params1("SELECT pg_try_advisory_xact_lock($1)", options_.lock_key)[0].as<bool>()) return 0;
    absl::StatusOr<int64_t> unpublished = UnpublishWhatTheStreamLost(txn);
    if (!unpublished.ok()) return unpublished.status();
    // From here on the stream must stay the one just checked (see the header). RelayRedisOptions makes a lost
    // connection fail the XADD; this catches any reconnection all the same.
    const int reconnects = redis_.reconnects();
    std::vector<PendingRow> rows;
    for (const auto& row : txn.exec_params(
             absl::StrCat("SELECT id, event_id, dossier_id, type, envelope FROM ", table_,
                          " WHERE published_at IS NULL ORDER BY id LIMIT $1"),
             options_.batch_size)) {
      rows.push_back({row[0].as<int64_t>(), row[1].as<std::string>(), row[2].as<std::string>(),
                      row[3].as<std::string>(), pqxx::binarystring(row[4]).str()});
    }
    std::vector<StreamFields> entries;
    for (const PendingRow& row : rows) {
      entries.push_back(
          {{"event_id", row.event_id}, {"type", row.type}, {"dossier_id", row.dossier_id}, {"data", row.envelope}});
    }
    // One round trip for the pass; a failure rolls back: these rows go again next time.
    absl::StatusOr<std::vector<std::string>> added =
        redis_.XAddAll(options_.stream, entries, options_.stream_max_length);
    if (!added.ok()) return added.status();
    std::vector<int64_t> ids, stream_ms, stream_seq;
    for (size_t i = 0; i < rows.size(); ++i) {
      absl::StatusOr<StreamId> stream_id = ParseStreamId((*added)[i]);
      if (!stream_id.ok()) return stream_id.status();
      ids.push_back(rows[i].id);
      stream_ms.push_back(stream_id->ms);
      stream_seq.push_back(stream_id->seq);
    }
    if (redis_.reconnects() != reconnects) {
      return absl::UnavailableError("Redis went away during the pass; checking the stream again");  // rolls back
    }
    if (!rows.empty()) {
      txn.exec_params(
          absl::StrCat("UPDATE ", table_,
                       " o SET published_at = now(), stream_ms = u.ms, stream_seq = u.seq "
                       "FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) AS u(id, ms, seq) WHERE o.id = u.id"),
          BigintArray(ids), BigintArray(stream_ms), BigintArray(stream_seq));
    }
    PruneIfDue(txn);
    txn.commit();
    published_ += static_cast<int64_t>(rows.size());
    republished_ += *unpublished;
    if (!rows.empty()) ++publishing_passes_;
    return static_cast<int>(rows.size());
  } catch (const std::exception& error) {
    return PgErrorToStatus(error, "outbox relay");
  }
}

void OutboxRelay::Start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { Run(); });
}

void OutboxRelay::Stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

void OutboxRelay::WaitForNotification(pqxx::connection_base& connection) const {
  // In slices, so that Stop() is noticed within one slice even with a long poll interval.
  constexpr int64_t kSliceMicros = 200'000;
  const absl::Time until = absl::Now() + options_.poll_interval;
  while (!stopping_ && absl::Now() < until) {
    const int64_t micros = std::min(kSliceMicros, absl::ToInt64Microseconds(until - absl::Now()));
    if (connection.await_notification(micros / 1'000'000, micros % 1'000'000) > 0) {
      // Let the commits right behind this one gather, then drop their notifications: the pass that follows
      // reads every row committed before it starts. A notification arriving after this only costs a pass.
      if (options_.gather_delay > absl::ZeroDuration() && !stopping_) absl::SleepFor(options_.gather_delay);
      connection.get_notifs();
      return;
    }
  }
}

void OutboxRelay::Run() {
  absl::Duration backoff = absl::ZeroDuration();
  while (!stopping_) {
    if (backoff > absl::ZeroDuration()) absl::SleepFor(backoff);
    auto lease = pool_->Acquire();
    if (!lease.ok()) {
      spdlog::warn("outbox relay: {}", std::string(lease.status().message()));
      backoff = std::clamp(backoff * 2, absl::Milliseconds(100), options_.max_backoff);
      continue;
    }
    try {
      WakeUp listening(**lease, options_.channel);
      while (!stopping_) {
        absl::StatusOr<int> published = PublishOn(**lease);
        if (!published.ok()) {
          spdlog::warn("outbox relay: publishing paused: {}", std::string(published.status().message()));
          backoff = std::clamp(backoff * 2, absl::Milliseconds(100), options_.max_backoff);
          break;  // a fresh connection after the backoff: the old one may be broken
        }
        backoff = absl::ZeroDuration();
        if (*published == options_.batch_size) continue;  // more may wait
        WaitForNotification(**lease);
      }
    } catch (const std::exception& error) {
      spdlog::warn("outbox relay: {}", std::string(PgErrorToStatus(error, "outbox relay").message()));
      backoff = std::clamp(backoff * 2, absl::Milliseconds(100), options_.max_backoff);
    }
  }
}

}  // namespace tdkt::common

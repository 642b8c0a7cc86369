#include "services/common/outbox_publisher.h"

#include <algorithm>
#include <optional>

#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "base/sha256.h"
#include "services/common/pg_arrays.h"

namespace tdkt::common {
namespace {

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
    return absl::InternalError(absl::StrCat("outbox: Redis answered an unexpected stream id: ", text));
  }
  return id;
}

RedisOptions PublisherRedisOptions(RedisOptions options) {
  // A publishing thread must notice a stop request soon, so one command does not keep reconnecting for long.
  options.reconnect_budget = std::min(options.reconnect_budget, absl::Seconds(2));
  // An XADD cut off by a lost connection fails instead of going to what may be a restarted Redis that lost
  // entries: only the check may talk to a new connection first (see the header).
  options.resend_after_reconnect = false;
  return options;
}

}  // namespace

OutboxPublisher::OutboxPublisher(RedisEndpoint redis, OutboxPublisherOptions options)
    : redis_(std::move(redis), PublisherRedisOptions(options.redis)),
      options_(std::move(options)),
      table_(options_.schema + ".outbox") {}

bool OutboxPublisher::Lock(pqxx::transaction_base& txn, bool wait) {
  if (wait) {
    txn.exec_params("SELECT pg_advisory_xact_lock($1)", options_.lock_key);
    return true;
  }
  return txn.exec_params1("SELECT pg_try_advisory_xact_lock($1)", options_.lock_key)[0].as<bool>();
}

absl::StatusOr<int64_t> OutboxPublisher::UnpublishWhatTheStreamLost(pqxx::transaction_base& txn) {
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
  spdlog::warn("outbox: the stream {} lacks the last {} events published to it (Redis lost writes it had "
               "acknowledged; its last entry is {}); publishing them again",
               options_.stream, lost.affected_rows(), survivor ? survivor->Text() : "none");
  return static_cast<int64_t>(lost.affected_rows());
}

absl::StatusOr<OutboxPublisher::StreamIds> OutboxPublisher::Append(const std::vector<OutboxRow>& rows) {
  if (redis_.reconnects() != checked_at_reconnects_) {
    return absl::UnavailableError("outbox: Redis was not checked on this connection; checking the stream again");
  }
  std::vector<StreamFields> entries;
  entries.reserve(rows.size());
  for (const OutboxRow& row : rows) {
    entries.push_back(
        {{"event_id", row.event_id}, {"type", row.type}, {"dossier_id", row.dossier_id}, {"data", row.envelope}});
  }
  // One round trip; a failure rolls the caller back: these rows go again next time.
  absl::StatusOr<std::vector<std::string>> added = redis_.XAddAll(options_.stream, entries, options_.stream_max_length);
  if (!added.ok()) return added.status();
  if (redis_.reconnects() != checked_at_reconnects_) {
    return absl::UnavailableError("outbox: Redis went away while publishing; checking the stream again");
  }
  StreamIds ids;
  for (const std::string& text : *added) {
    absl::StatusOr<StreamId> id = ParseStreamId(text);
    if (!id.ok()) return id.status();
    ids.ms.push_back(id->ms);
    ids.seq.push_back(id->seq);
  }
  return ids;
}

absl::StatusOr<PublishedCounts> OutboxPublisher::PublishUnpublished(pqxx::transaction_base& txn) {
  checked_at_reconnects_ = -1;
  // The check may connect: the connection it ran on is the one this transaction may write to.
  absl::StatusOr<int64_t> unpublished = UnpublishWhatTheStreamLost(txn);
  if (!unpublished.ok()) return unpublished.status();
  checked_at_reconnects_ = redis_.reconnects();
  std::vector<int64_t> ids;
  std::vector<OutboxRow> rows;
  for (const auto& row : txn.exec_params(absl::StrCat("SELECT id, event_id, dossier_id, type, envelope FROM ", table_,
                                                      " WHERE published_at IS NULL ORDER BY id LIMIT $1"),
                                         options_.batch_size + 1)) {
    ids.push_back(row[0].as<int64_t>());
    rows.push_back({row[1].as<std::string>(), row[2].as<std::string>(), row[3].as<std::string>(),
                    pqxx::binarystring(row[4]).str()});
  }
  PublishedCounts counts;
  counts.republished = *unpublished;
  counts.backlog = static_cast<int>(rows.size()) > options_.batch_size;
  if (counts.backlog) {
    ids.pop_back();
    rows.pop_back();
  }
  backlog_ = counts.backlog;
  if (rows.empty()) return counts;
  absl::StatusOr<StreamIds> stream_ids = Append(rows);
  if (!stream_ids.ok()) return stream_ids.status();
  txn.exec_params(absl::StrCat("UPDATE ", table_,
                               " o SET published_at = now(), stream_ms = u.ms, stream_seq = u.seq FROM "
                               "unnest($1::bigint[], $2::bigint[], $3::bigint[]) AS u(id, ms, seq) WHERE o.id = u.id"),
                  PgBigintArray(ids), PgBigintArray(stream_ids->ms), PgBigintArray(stream_ids->seq));
  counts.published = static_cast<int>(rows.size());
  return counts;
}

absl::StatusOr<int> OutboxPublisher::PublishNew(pqxx::transaction_base& txn, const std::vector<OutboxRow>& rows) {
  if (rows.empty()) return 0;
  std::vector<std::string> event_ids, dossier_ids, types, envelopes;
  for (const OutboxRow& row : rows) {
    event_ids.push_back(row.event_id);
    dossier_ids.push_back(row.dossier_id);
    types.push_back(row.type);
    envelopes.push_back("\\x" + base::HexOf(row.envelope));  // bytea hex input
  }
  // Behind the rows that still wait (for the next pass, stream ids empty: NULL), or published now.
  StreamIds stream_ids;
  if (!backlog_) {
    absl::StatusOr<StreamIds> added = Append(rows);
    if (!added.ok()) return added.status();
    stream_ids = *std::move(added);
  }
  txn.exec_params(absl::StrCat("INSERT INTO ", table_,
                               " (event_id, dossier_id, type, envelope, published_at, stream_ms, stream_seq) "
                               "SELECT a, b, c, d, CASE WHEN ms IS NOT NULL THEN now() END, ms, seq FROM "
                               "unnest($1::text[], $2::text[], $3::text[], $4::bytea[], $5::bigint[], $6::bigint[]) "
                               "WITH ORDINALITY AS e(a, b, c, d, ms, seq, n) ORDER BY n"),
                  PgTextArray(event_ids), PgTextArray(dossier_ids), PgTextArray(types), PgTextArray(envelopes),
                  PgBigintArray(stream_ids.ms), PgBigintArray(stream_ids.seq));
  return backlog_ ? 0 : static_cast<int>(rows.size());
}

}  // namespace tdkt::common

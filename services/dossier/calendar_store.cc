#include "services/dossier/calendar_store.h"

#include <pqxx/binarystring>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "base/iso_date.h"
#include "base/status_macros.h"
#include "services/common/pg_pool.h"
#include "services/common/proto_time.h"
#include "services/dossier/outbox_events.h"
#include "services/dossier/store_sql.h"

namespace tdkt::dossier {
namespace {

namespace v1 = tdkt::v1;
using store_sql::MicrosOf;
using store_sql::Ts;
using store_sql::TextArray;

constexpr char kSeedReason[] = "nạp lần đầu từ data/holidays";

pqxx::binarystring Bytes(const std::string& bytes) { return pqxx::binarystring(bytes.data(), bytes.size()); }
std::string BytesOf(const pqxx::field& field) { return pqxx::binarystring(field).str(); }

template <typename Message>
absl::StatusOr<Message> Parse(const pqxx::field& field, const char* what) {
  Message message;
  if (!message.ParseFromString(BytesOf(field))) return absl::DataLossError(absl::StrCat(what, " does not parse"));
  return message;
}

// The calendar as one statement reads it (state row, then every year in order), so that a change committing
// meanwhile cannot give the version of one commit and the years of another.
absl::StatusOr<std::optional<v1::Calendar>> ReadCalendar(pqxx::transaction_base& w) {
  const pqxx::result r = w.exec(absl::StrCat(
      "SELECT s.version, s.optional_holidays, ", MicrosOf("s.updated_at"),
      ", y.arrangement FROM dossier.calendar_state s LEFT JOIN dossier.calendar_year y ON true ORDER BY y.year"));
  if (r.empty()) return std::nullopt;
  v1::Calendar calendar;
  calendar.set_version(r[0][0].as<int64_t>());
  TDKT_ASSIGN_OR_RETURN(*calendar.mutable_optional_holidays(),
                        Parse<v1::OptionalHolidays>(r[0][1], "dossier.calendar_state.optional_holidays"));
  *calendar.mutable_updated_at() = common::ToProtoTime(absl::FromUnixMicros(r[0][2].as<int64_t>()));
  for (const pqxx::row& row : r) {
    if (row[3].is_null()) continue;
    TDKT_ASSIGN_OR_RETURN(*calendar.add_years(),
                          Parse<v1::YearArrangement>(row[3], "dossier.calendar_year.arrangement"));
  }
  return calendar;
}

void InsertChange(pqxx::transaction_base& w, int64_t previous_version, int64_t version, int year,
                  const std::string& person_id, const std::string& person_name, absl::Time at,
                  const std::string& reason, const std::optional<std::string>& previous, const std::string& next) {
  static const std::string kSql = absl::StrCat(
      "INSERT INTO dossier.calendar_change (previous_version, version, year, changed_by, changed_by_name, "
      "changed_at, reason, previous_arrangement, arrangement) VALUES ($1, $2, $3, $4, $5, ",
      Ts(6), ", $7, CASE WHEN $8 THEN $9::bytea END, $10)");
  w.exec_params(kSql, previous_version, version, year, person_id, person_name, absl::ToUnixMicros(at), reason,
                previous.has_value(), Bytes(previous.value_or("")), Bytes(next));
}

v1::CalendarChange ChangeOf(const pqxx::row& r) {
  // Columns: id, previous_version, version, year, changed_by, changed_by_name, changed_at µs, reason, previous, next.
  v1::CalendarChange change;
  change.set_previous_version(r[1].as<int64_t>());
  change.set_version(r[2].as<int64_t>());
  change.set_year(r[3].as<int>());
  change.set_changed_by_person_id(r[4].as<std::string>());
  change.set_changed_by_name(r[5].as<std::string>());
  *change.mutable_changed_at() = common::ToProtoTime(absl::FromUnixMicros(r[6].as<int64_t>()));
  change.set_reason_vi(r[7].as<std::string>());
  if (!r[8].is_null()) {
    change.set_had_previous_arrangement(change.mutable_previous_arrangement()->ParseFromString(BytesOf(r[8])));
  }
  (void)change.mutable_arrangement()->ParseFromString(BytesOf(r[9]));
  return change;
}

}  // namespace

CalendarStore::CalendarStore(common::PgPool* pool) : pool_(pool) {}

absl::StatusOr<bool> CalendarStore::Seed(const workflow::loader::HolidayFiles& files, absl::Time now) const {
  bool seeded = false;
  TDKT_RETURN_IF_ERROR(pool_->InTransaction([&](pqxx::work& w) -> absl::Status {
    w.exec("SET LOCAL synchronous_commit = on");
    // The one state row decides: a replica that loses the race waits here for the winner's commit, then inserts
    // nothing.
    const pqxx::result inserted = w.exec_params(
        absl::StrCat("INSERT INTO dossier.calendar_state (singleton, version, optional_holidays, updated_at) "
                     "VALUES (true, 1, $1, ", Ts(2), ") ON CONFLICT (singleton) DO NOTHING RETURNING 1"),
        Bytes(files.optional_holidays.SerializeAsString()), absl::ToUnixMicros(now));
    if (inserted.empty()) return absl::OkStatus();
    for (const v1::YearArrangement& year : files.years) {
      const std::string bytes = year.SerializeAsString();
      w.exec_params(absl::StrCat("INSERT INTO dossier.calendar_year (year, arrangement, version, updated_at) "
                                 "VALUES ($1, $2, 1, ", Ts(3), ")"),
                    year.year(), Bytes(bytes), absl::ToUnixMicros(now));
      InsertChange(w, 0, 1, year.year(), "", "", now, kSeedReason, std::nullopt, bytes);
    }
    seeded = true;
    return absl::OkStatus();
  }));
  return seeded;
}

absl::StatusOr<v1::Calendar> CalendarStore::Load() const {
  std::optional<v1::Calendar> calendar;
  TDKT_RETURN_IF_ERROR(pool_->InTransaction([&](pqxx::work& w) -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(calendar, ReadCalendar(w));
    return absl::OkStatus();
  }));
  if (!calendar) return absl::FailedPreconditionError("Lịch nghỉ chưa được khởi tạo (the calendar is not seeded)");
  return *std::move(calendar);
}

absl::StatusOr<int64_t> CalendarStore::Version() const {
  int64_t version = 0;
  TDKT_RETURN_IF_ERROR(pool_->InTransaction([&](pqxx::work& w) -> absl::Status {
    const pqxx::result r = w.exec("SELECT version FROM dossier.calendar_state");
    if (!r.empty()) version = r[0][0].as<int64_t>();
    return absl::OkStatus();
  }));
  return version;
}

absl::StatusOr<v1::SetCalendarYearResponse> CalendarStore::SetYear(const CalendarYearChange& change) const {
  v1::SetCalendarYearResponse response;
  TDKT_RETURN_IF_ERROR(pool_->InTransaction([&](pqxx::work& w) -> absl::Status {
    w.exec("SET LOCAL synchronous_commit = on");
    return idempotency_.Run(w, change.request_id, change.fingerprint, response, [&]() -> absl::Status {
      // The state row lock serialises changes: the version read here is the one this change replaces.
      const pqxx::result state = w.exec("SELECT version FROM dossier.calendar_state FOR UPDATE");
      if (state.empty()) {
        return absl::FailedPreconditionError("Lịch nghỉ chưa được khởi tạo (the calendar is not seeded)");
      }
      const int64_t version = state[0][0].as<int64_t>();
      if (version != change.expected_version) {
        return absl::AbortedError(absl::StrCat(
            "Lịch nghỉ đã thay đổi (phiên bản hiện tại ", version, ", yêu cầu dựa trên phiên bản ",
            change.expected_version, "); hãy đọc lại lịch và thử lại (calendar version conflict)"));
      }
      const int year = change.arrangement.year();
      const std::string next = change.arrangement.SerializeAsString();
      const pqxx::result old =
          w.exec_params("SELECT arrangement FROM dossier.calendar_year WHERE year = $1", year);
      std::optional<std::string> previous;
      if (!old.empty()) previous = BytesOf(old[0][0]);
      if (previous == next) {
        return absl::FailedPreconditionError(
            absl::StrCat("Lịch nghỉ năm ", year, " đã đúng như vậy; không có gì thay đổi (nothing to change)"));
      }
      const int64_t new_version = version + 1;
      const int64_t now_us = absl::ToUnixMicros(change.now);
      w.exec_params(absl::StrCat("INSERT INTO dossier.calendar_year (year, arrangement, version, updated_at) "
                                 "VALUES ($1, $2, $3, ", Ts(4), ") ON CONFLICT (year) DO UPDATE SET "
                                 "arrangement = EXCLUDED.arrangement, version = EXCLUDED.version, "
                                 "updated_at = EXCLUDED.updated_at"),
                    year, Bytes(next), new_version, now_us);
      w.exec_params(absl::StrCat("UPDATE dossier.calendar_state SET version = $1, updated_at = ", Ts(2)),
                    new_version, now_us);
      InsertChange(w, version, new_version, year, change.person_id, change.person_name, change.now, change.reason,
                   previous, next);
      TDKT_ASSIGN_OR_RETURN(std::optional<v1::Calendar> calendar, ReadCalendar(w));
      const OutboxRow row = CalendarChangedRow({.previous_version = version,
                                                .year = year,
                                                .occurred_at = change.now,
                                                .actor_person_id = change.person_id,
                                                .actor_display_name = change.person_name},
                                               *calendar);
      w.exec_params("INSERT INTO dossier.outbox (event_id, dossier_id, event_seq, type, envelope) "
                    "VALUES ($1, '', $2, $3, $4)",
                    row.event_id, new_version, row.type, Bytes(row.envelope));

      v1::CalendarChange* out = response.mutable_change();
      out->set_previous_version(version);
      out->set_version(new_version);
      out->set_year(year);
      out->set_changed_by_person_id(change.person_id);
      out->set_changed_by_name(change.person_name);
      *out->mutable_changed_at() = common::ToProtoTime(change.now);
      out->set_reason_vi(change.reason);
      if (previous) {
        out->set_had_previous_arrangement(out->mutable_previous_arrangement()->ParseFromString(*previous));
      }
      *out->mutable_arrangement() = change.arrangement;
      return absl::OkStatus();
    });
  }));
  return response;
}

absl::StatusOr<CalendarStore::ChangePage> CalendarStore::Changes(int year, int64_t after_id, int limit) const {
  ChangePage page;
  TDKT_RETURN_IF_ERROR(pool_->InTransaction([&](pqxx::work& w) -> absl::Status {
    const pqxx::result r = w.exec_params(
        absl::StrCat("SELECT id, previous_version, version, year, changed_by, changed_by_name, ",
                     MicrosOf("changed_at"),
                     ", reason, previous_arrangement, arrangement FROM dossier.calendar_change "
                     "WHERE ($1 = 0 OR year = $1) AND ($2 = 0 OR id < $2) ORDER BY id DESC LIMIT $3"),
        year, after_id, limit);
    for (const pqxx::row& row : r) {
      page.ids.push_back(row[0].as<int64_t>());
      page.changes.push_back(ChangeOf(row));
    }
    return absl::OkStatus();
  }));
  return page;
}

absl::StatusOr<std::vector<StaleDeadline>> CalendarStore::StaleDeadlines(int64_t version, const StaleCursor& after,
                                                                         int limit) const {
  std::vector<StaleDeadline> deadlines;
  TDKT_RETURN_IF_ERROR(pool_->InTransaction([&](pqxx::work& w) -> absl::Status {
    // In (calendar_version, dossier_id) order, the order of deadline_calendar_version_idx: each page continues
    // the index scan where the last one stopped.
    static const std::string kSql = absl::StrCat(
        "SELECT dl.dossier_id, d.version, ", store_sql::DeadlineColumns("dl"),
        " FROM dossier.deadline dl JOIN dossier.dossier d ON d.id = dl.dossier_id "
        "WHERE dl.state IN ('RUNNING', 'PAUSED') AND dl.calendar_version < $1 "
        "AND (dl.calendar_version, dl.dossier_id) > ($2, $3) ORDER BY dl.calendar_version, dl.dossier_id LIMIT $4");
    for (const pqxx::row& row : w.exec_params(kSql, version, after.calendar_version, after.dossier_id, limit)) {
      TDKT_ASSIGN_OR_RETURN(std::optional<DeadlineRecord> record, store_sql::DeadlineOf(row, 2));
      deadlines.push_back(StaleDeadline{row[0].as<std::string>(), row[1].as<int64_t>(), *std::move(record)});
    }
    return absl::OkStatus();
  }));
  return deadlines;
}

absl::StatusOr<int64_t> CalendarStore::ConfirmDeadlines(const std::vector<StaleDeadline>& deadlines,
                                                        int64_t version) const {
  if (deadlines.empty()) return 0;
  std::vector<std::string> ids, numbers, versions, dues, pauses, states, calendars;
  for (const StaleDeadline& d : deadlines) {
    ids.push_back(d.dossier_id);
    numbers.push_back(std::to_string(d.record.deadline_no));
    versions.push_back(std::to_string(d.dossier_version));
    dues.push_back(base::FormatIsoDate(d.record.due_date));
    pauses.push_back(store_sql::PausesToJson(d.record.pauses));
    states.push_back(DeadlineRecordStateName(d.record.state));
    calendars.push_back(std::to_string(d.record.calendar_version));
  }
  int64_t updated = 0;
  TDKT_RETURN_IF_ERROR(pool_->InTransaction([&](pqxx::work& w) -> absl::Status {
    // Only rows still exactly as read: a transition that changed the deadline (or the dossier) since wrote a due
    // date this check did not confirm, and the next pass looks at it again.
    const pqxx::result r = w.exec_params(
        "UPDATE dossier.deadline dl SET calendar_version = $1 "
        "FROM unnest($2::text[], $3::int[], $4::bigint[], $5::date[], $6::text[], $7::text[], $8::bigint[]) "
        "AS u(dossier_id, no, dossier_version, due, pauses, state, calendar), dossier.dossier d "
        "WHERE dl.dossier_id = u.dossier_id AND dl.deadline_no = u.no AND d.id = u.dossier_id "
        "AND d.version = u.dossier_version AND dl.due_date = u.due AND dl.pauses = u.pauses AND dl.state = u.state "
        "AND dl.calendar_version = u.calendar",
        version, TextArray(ids), TextArray(numbers), TextArray(versions), TextArray(dues), TextArray(pauses),
        TextArray(states), TextArray(calendars));
    updated = static_cast<int64_t>(r.affected_rows());
    return absl::OkStatus();
  }));
  return updated;
}

}  // namespace tdkt::dossier

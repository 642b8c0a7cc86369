#pragma once
// CalendarStore: the SQL of the stored working-day calendar (schema `dossier`, migrations/012_calendar.sql) and of
// the deadlines a calendar change may move. The calendar's messages are tdkt.v1 (calendar.proto, holidays.proto);
// libpqxx stays in calendar_store.cc.
//
//   CalendarStore calendars(pool, fingerprint_key);
//   TDKT_ASSIGN_OR_RETURN(bool seeded, calendars.Seed(holiday_files, clock.Now()));  // first start only
//   TDKT_ASSIGN_OR_RETURN(tdkt::v1::Calendar calendar, calendars.Load());
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/idempotency.h"
#include "services/dossier/deadline_calculator.h"
#include "tdkt/v1/calendar.pb.h"
#include "workflow/loader/holidays_loader.h"

namespace tdkt::common {
class PgPool;
}

namespace tdkt::dossier {

// One SetCalendarYear, checked at the edge (CalendarServiceImpl).
struct CalendarYearChange {
  std::string request_id;
  std::string fingerprint;  // common::RequestFingerprint of the request and its caller
  int64_t expected_version = 0;
  tdkt::v1::YearArrangement arrangement;
  std::string reason;
  std::string person_id;    // who
  std::string person_name;  // their full name in the directory now
  absl::Time now;
};

// An open (running or paused) deadline counted with an older calendar version, as the recomputation reads it.
struct StaleDeadline {
  std::string dossier_id;
  int64_t dossier_version = 0;  // the dossier's version when read
  DeadlineRecord record;
};

// Where a walk over stale deadlines resumes: after this (calendar version, dossier id).
struct StaleCursor {
  int64_t calendar_version = -1;  // -1: from the start
  std::string dossier_id;
};

class CalendarStore {
 public:
  // `pool` must outlive the store.
  explicit CalendarStore(common::PgPool* pool);

  // The first start: stores every year of `files` and their optional holidays as version 1, with an audit row per
  // year ("" as who), in one transaction. Returns whether it seeded: false when the calendar exists already
  // (seeding twice changes nothing), whatever `files` holds now. Concurrent replicas: one seeds, the others wait
  // for it and find the calendar there.
  absl::StatusOr<bool> Seed(const workflow::loader::HolidayFiles& files, absl::Time now) const;

  // The current calendar. FAILED_PRECONDITION before the seeding.
  absl::StatusOr<tdkt::v1::Calendar> Load() const;

  // The current version; 0 before the seeding.
  absl::StatusOr<int64_t> Version() const;

  // SetCalendarYear in one transaction, idempotent by request id: checks the expected version (ABORTED), stores the
  // year, increments the version, writes the audit row and the CALENDAR_CHANGED outbox row, records the response.
  // FAILED_PRECONDITION when the year is stored exactly so already. The response (the first one for a repeated id).
  absl::StatusOr<tdkt::v1::SetCalendarYearResponse> SetYear(const CalendarYearChange& change) const;

  // One page of the audit, newest first, for one year (0: every year); `after_id` the last change id of the previous
  // page (0: the first page). Each change with its id, for the page token.
  struct ChangePage {
    std::vector<tdkt::v1::CalendarChange> changes;
    std::vector<int64_t> ids;
  };
  absl::StatusOr<ChangePage> Changes(int year, int64_t after_id, int limit) const;

  // ---- the deadlines a change may move (DeadlineRecalculator) ----
  // Up to `limit` open deadlines with calendar_version below `version`, in (calendar version, dossier id) order
  // after `after`.
  absl::StatusOr<std::vector<StaleDeadline>> StaleDeadlines(int64_t version, const StaleCursor& after,
                                                            int limit) const;
  // Records that these deadlines keep their due date under `version`: each row only if it is still as read (same
  // dossier version, due date, pauses, state). Returns how many rows it updated.
  absl::StatusOr<int64_t> ConfirmDeadlines(const std::vector<StaleDeadline>& deadlines, int64_t version) const;

 private:
  common::PgPool* pool_;
  const common::Idempotency idempotency_{"dossier"};
};

}  // namespace tdkt::dossier

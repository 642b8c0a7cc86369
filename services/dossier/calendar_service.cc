#include "services/dossier/calendar_service.h"

#include <spdlog/spdlog.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "services/auth/grpc_identity.h"
#include "services/auth/system_administrator.h"
#include "services/common/handler.h"
#include "services/common/idempotency.h"
#include "services/common/paging.h"
#include "services/common/request_checks.h"
#include "workflow/loader/year_arrangement_check.h"

namespace tdkt::dossier {
namespace {

namespace v1 = tdkt::v1;
using common::CheckText;
using common::Presence;

constexpr char kChangesQuery[] = "calendar_changes";

// The free text of an arrangement: NFC, no control characters, bounded (the rules come after, in
// CheckYearArrangement).
absl::Status CheckArrangementText(const v1::YearArrangement& arrangement) {
  TDKT_RETURN_IF_ERROR(CheckText("nguồn văn bản (arrangement.source)", arrangement.source(), {.max_chars = 500}));
  for (int i = 0; i < arrangement.days_off_size(); ++i) {
    TDKT_RETURN_IF_ERROR(CheckText(absl::StrCat("tên đợt nghỉ (arrangement.days_off[", i, "].note)"),
                                   arrangement.days_off(i).note(), {.max_chars = 200}));
  }
  for (int i = 0; i < arrangement.make_up_working_days_size(); ++i) {
    TDKT_RETURN_IF_ERROR(CheckText(absl::StrCat("ghi chú ngày làm bù (arrangement.make_up_working_days[", i, "].note)"),
                                   arrangement.make_up_working_days(i).note(), {.max_chars = 200}));
  }
  return absl::OkStatus();
}

absl::Status CheckYearFilter(int year) {
  if (year == 0 || (year >= 1900 && year <= 2100)) return absl::OkStatus();
  return absl::InvalidArgumentError("Năm (year) phải là 0 (mọi năm) hoặc từ 1900 đến 2100");
}

}  // namespace

CalendarServiceImpl::CalendarServiceImpl(const CalendarStore& store, CalendarWatcher& watcher,
                                         const OrgDirectory& directory, const auth::TokenVerifier& verifier,
                                         const base::Clock& clock, CalendarServiceOptions options)
    : store_(store),
      watcher_(watcher),
      directory_(directory),
      verifier_(verifier),
      clock_(clock),
      options_(std::move(options)) {}

absl::StatusOr<auth::Identity> CalendarServiceImpl::Caller(const grpc::ServerContext& context) const {
  return auth::AuthenticatedIdentity(context, verifier_, options_.refresh_keys);
}

absl::Status CalendarServiceImpl::SystemAdministratorOnly(const auth::Identity& caller, const char* what) {
  if (auth::IsSystemAdministrator(caller)) return absl::OkStatus();
  return absl::PermissionDeniedError(absl::StrCat("Chỉ quản trị hệ thống được ", what,
                                                  " (system administrator only: ROLE_ADMIN at \"*\")"));
}

grpc::Status CalendarServiceImpl::SetCalendarYear(grpc::ServerContext* context,
                                                  const v1::SetCalendarYearRequest* request,
                                                  v1::SetCalendarYearResponse* response) {
  return common::Serve("SetCalendarYear", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const auth::Identity caller, Caller(*context));
    TDKT_RETURN_IF_ERROR(SystemAdministratorOnly(caller, "thay đổi lịch nghỉ"));
    TDKT_RETURN_IF_ERROR(common::CheckRequestId(request->request_id()));
    if (request->expected_calendar_version() < 1) {
      return absl::InvalidArgumentError(
          "Phiên bản lịch (expected_calendar_version) phải là phiên bản hiện tại của lịch (GetCalendar), từ 1 trở lên");
    }
    TDKT_RETURN_IF_ERROR(CheckText("lý do thay đổi (reason_vi)", request->reason_vi(),
                                   {.max_chars = 2000, .presence = Presence::kRequired, .multiline = true}));
    if (!request->has_arrangement()) return absl::InvalidArgumentError("Thiếu lịch nghỉ của năm (arrangement)");
    TDKT_RETURN_IF_ERROR(CheckArrangementText(request->arrangement()));
    TDKT_RETURN_IF_ERROR(workflow::loader::CheckYearArrangement(request->arrangement()).status());

    CalendarYearChange change;
    change.request_id = request->request_id();
    change.fingerprint = common::RequestFingerprint(options_.fingerprint_key, "SetCalendarYear", caller.person_id,
                                                    request->SerializeAsString());
    change.expected_version = request->expected_calendar_version();
    change.arrangement = request->arrangement();
    change.reason = request->reason_vi();
    change.person_id = caller.person_id;
    // The name is for the audit's reader; the person id is the record. A directory that does not answer now
    // does not stop the change.
    if (absl::StatusOr<std::string> name = directory_.PersonName(caller.person_id); name.ok()) {
      change.person_name = *std::move(name);
    } else {
      spdlog::warn("dossier SetCalendarYear: no name for person {}: {}", caller.person_id,
                   std::string(name.status().message()));
    }
    change.now = clock_.Now();
    TDKT_ASSIGN_OR_RETURN(*response, store_.SetYear(change));
    spdlog::info("dossier: calendar year {} changed by person {} (version {} → {})", response->change().year(),
                 caller.person_id, response->change().previous_version(), response->change().version());
    // This replica counts with the new calendar from now on; the deadlines follow on the watcher's thread.
    if (absl::StatusOr<int64_t> held = watcher_.Refresh(); !held.ok()) {
      spdlog::warn("dossier: the calendar changed but could not be reloaded yet: {}", std::string(held.status().message()));
    }
    return absl::OkStatus();
  });
}

grpc::Status CalendarServiceImpl::GetCalendar(grpc::ServerContext* context, const v1::GetCalendarRequest*,
                                              v1::GetCalendarResponse* response) {
  return common::Serve("GetCalendar", [&]() -> absl::Status {
    TDKT_RETURN_IF_ERROR(Caller(*context).status());
    TDKT_ASSIGN_OR_RETURN(*response->mutable_calendar(), store_.Load());
    return absl::OkStatus();
  });
}

grpc::Status CalendarServiceImpl::ListCalendarChanges(grpc::ServerContext* context,
                                                      const v1::ListCalendarChangesRequest* request,
                                                      v1::ListCalendarChangesResponse* response) {
  return common::Serve("ListCalendarChanges", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const auth::Identity caller, Caller(*context));
    TDKT_RETURN_IF_ERROR(SystemAdministratorOnly(caller, "xem nhật ký thay đổi lịch nghỉ"));
    TDKT_RETURN_IF_ERROR(CheckYearFilter(request->year()));
    const std::string filter = absl::StrCat(request->year());
    TDKT_ASSIGN_OR_RETURN(const common::Page page, common::DecodePage(request->page(), kChangesQuery, filter));
    int64_t after_id = 0;
    if (page.after && (!absl::SimpleAtoi(page.after->id, &after_id) || after_id <= 0)) {
      return absl::InvalidArgumentError("Mã trang (page_token) không hợp lệ cho yêu cầu và bộ lọc này");
    }
    TDKT_ASSIGN_OR_RETURN(CalendarStore::ChangePage found, store_.Changes(request->year(), after_id, page.size + 1));
    const size_t shown = std::min(found.changes.size(), static_cast<size_t>(page.size));
    for (size_t i = 0; i < shown; ++i) *response->add_changes() = std::move(found.changes[i]);
    if (found.changes.size() > shown) {
      response->mutable_page()->set_next_page_token(
          common::EncodePageToken(kChangesQuery, filter, {"", absl::StrCat(found.ids[shown - 1])}));
    }
    return absl::OkStatus();
  });
}

}  // namespace tdkt::dossier

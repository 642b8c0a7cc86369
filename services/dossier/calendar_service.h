#pragma once
// CalendarServiceImpl: the gRPC face of the stored working-day calendar (proto/tdkt/v1/calendar.proto), served by
// the dossier process beside DossierService. Thin like DossierServiceImpl: every handler is one common::Serve body
// that authenticates, authorises (the system administrator for changes and the audit, services/auth/
// system_administrator.h), checks the request (INVALID_ARGUMENT in Vietnamese, nothing written:
// workflow/loader/year_arrangement_check.h for the arrangement) and calls the CalendarStore. After a change commits,
// this replica swaps the new calendar in before it answers (CalendarWatcher::Refresh); every replica, this one
// included, then recomputes the deadlines it moves when its watcher hears the change.
#include <functional>
#include <string>

#include "base/clock.h"
#include "services/auth/token_verifier.h"
#include "services/dossier/calendar_store.h"
#include "services/dossier/calendar_watcher.h"
#include "services/dossier/org_directory.h"
#include "tdkt/v1/calendar.grpc.pb.h"

namespace tdkt::dossier {

struct CalendarServiceOptions {
  std::function<bool()> refresh_keys;  // as DossierServiceOptions::refresh_keys
  std::string fingerprint_key;         // as TransitionRunnerOptions::fingerprint_key
};

class CalendarServiceImpl final : public tdkt::v1::CalendarService::Service {
 public:
  // Every reference must outlive the service. `directory` names who changed the calendar in the audit.
  CalendarServiceImpl(const CalendarStore& store, CalendarWatcher& watcher, const OrgDirectory& directory,
                      const auth::TokenVerifier& verifier, const base::Clock& clock, CalendarServiceOptions options);

  grpc::Status SetCalendarYear(grpc::ServerContext* context, const tdkt::v1::SetCalendarYearRequest* request,
                               tdkt::v1::SetCalendarYearResponse* response) override;
  grpc::Status GetCalendar(grpc::ServerContext* context, const tdkt::v1::GetCalendarRequest* request,
                           tdkt::v1::GetCalendarResponse* response) override;
  grpc::Status ListCalendarChanges(grpc::ServerContext* context, const tdkt::v1::ListCalendarChangesRequest* request,
                                   tdkt::v1::ListCalendarChangesResponse* response) override;

 private:
  absl::StatusOr<auth::Identity> Caller(const grpc::ServerContext& context) const;
  // PERMISSION_DENIED unless `caller` is the system administrator.
  static absl::Status SystemAdministratorOnly(const auth::Identity& caller, const char* what);

  const CalendarStore& store_;
  CalendarWatcher& watcher_;
  const OrgDirectory& directory_;
  const auth::TokenVerifier& verifier_;
  const base::Clock& clock_;
  const CalendarServiceOptions options_;
};

}  // namespace tdkt::dossier

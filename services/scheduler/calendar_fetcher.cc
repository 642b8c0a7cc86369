#include "services/scheduler/calendar_fetcher.h"

#include <grpcpp/grpcpp.h>

#include "absl/strings/str_cat.h"
#include "tdkt/v1/calendar.grpc.pb.h"

namespace tdkt::scheduler {

struct GrpcCalendarFetcher::Stub {
  std::unique_ptr<tdkt::v1::CalendarService::Stub> calendar;
};

GrpcCalendarFetcher::GrpcCalendarFetcher(std::shared_ptr<grpc::Channel> dossier, TokenSource access_token,
                                         absl::Duration timeout)
    : stub_(new Stub{tdkt::v1::CalendarService::NewStub(dossier)}),
      access_token_(std::move(access_token)),
      timeout_(timeout) {}

GrpcCalendarFetcher::~GrpcCalendarFetcher() = default;

absl::StatusOr<tdkt::v1::Calendar> GrpcCalendarFetcher::Fetch() {
  absl::StatusOr<std::string> token = access_token_();
  if (!token.ok()) {
    return absl::UnavailableError(absl::StrCat("service account login: ", token.status().message()));
  }
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer " + *token);
  context.set_deadline(std::chrono::system_clock::now() + absl::ToChronoMilliseconds(timeout_));
  tdkt::v1::GetCalendarResponse response;
  const grpc::Status status = stub_->calendar->GetCalendar(&context, tdkt::v1::GetCalendarRequest(), &response);
  if (!status.ok()) {
    return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                        absl::StrCat("GetCalendar: ", status.error_message()));
  }
  return std::move(*response.mutable_calendar());
}

}  // namespace tdkt::scheduler

#pragma once
// CalendarFetcher: where the scheduler gets the stored calendar — CalendarService.GetCalendar of the dossier
// service, as the scheduler's service account (the same link as its escalations, escalator.h).
//
//   GrpcCalendarFetcher fetcher(dossier_channel, [&session] { return session.AccessToken(); });
//   TDKT_ASSIGN_OR_RETURN(tdkt::v1::Calendar calendar, fetcher.Fetch());
#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "tdkt/v1/calendar.pb.h"

namespace grpc {
class Channel;
}

namespace tdkt::scheduler {

class CalendarFetcher {
 public:
  virtual ~CalendarFetcher() = default;
  // The current calendar; UNAVAILABLE (or the call's status) when the dossier cannot give it.
  virtual absl::StatusOr<tdkt::v1::Calendar> Fetch() = 0;
};

class GrpcCalendarFetcher final : public CalendarFetcher {
 public:
  using TokenSource = std::function<absl::StatusOr<std::string>()>;
  GrpcCalendarFetcher(std::shared_ptr<grpc::Channel> dossier, TokenSource access_token,
                      absl::Duration timeout = absl::Seconds(5));
  ~GrpcCalendarFetcher() override;

  absl::StatusOr<tdkt::v1::Calendar> Fetch() override;

 private:
  struct Stub;
  std::unique_ptr<Stub> stub_;
  TokenSource access_token_;
  absl::Duration timeout_;
};

}  // namespace tdkt::scheduler

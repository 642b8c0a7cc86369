#pragma once
// Escalator: what an ESCALATION timer does when it fires — DossierService.EscalateDossier as the scheduler's
// service account (the dossier treats a token whose service name is "scheduler" as the system actor). The
// request id is derived from the timer id, so that a call retried after a lost reply escalates once.
//
//   GrpcEscalator escalator(dossier_channel, [&session] { return session.AccessToken(); });
//   EscalationOutcome outcome = escalator.Escalate(timer);  // kDone, kStale (the deadline moved on), kRetry
#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/scheduler/timer_store.h"

namespace grpc {
class Channel;
}

namespace tdkt::scheduler {

// The EscalateDossier request id of an escalation timer: "scheduler-escalation:" and 32 hex digits of
// SHA-256 of the timer id (timer ids hold characters request ids may not).
std::string EscalationRequestId(const std::string& timer_id);

class Escalator {
 public:
  virtual ~Escalator() = default;
  // kRetry outcomes leave retry_after at zero: the firing loop chooses the backoff.
  virtual EscalationOutcome Escalate(const TimerRow& timer) = 0;
};

class GrpcEscalator final : public Escalator {
 public:
  using TokenSource = std::function<absl::StatusOr<std::string>()>;
  GrpcEscalator(std::shared_ptr<grpc::Channel> dossier, TokenSource access_token,
                absl::Duration timeout = absl::Seconds(10));
  ~GrpcEscalator() override;

  EscalationOutcome Escalate(const TimerRow& timer) override;

 private:
  struct Stub;
  std::unique_ptr<Stub> stub_;
  TokenSource access_token_;
  absl::Duration timeout_;
};

}  // namespace tdkt::scheduler

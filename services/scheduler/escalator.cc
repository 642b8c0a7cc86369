#include "services/scheduler/escalator.h"

#include <grpcpp/grpcpp.h>

#include "absl/strings/str_cat.h"
#include "base/sha256.h"
#include "services/common/proto_conversions.h"
#include "tdkt/v1/dossier.grpc.pb.h"

namespace tdkt::scheduler {
namespace {

// At most `max_bytes` of UTF-8 text, cut at a character boundary (the row stores it as text).
std::string Shortened(std::string text, size_t max_bytes = 500) {
  if (text.size() <= max_bytes) return text;
  size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  text.resize(end);
  return text;
}

}  // namespace

std::string EscalationRequestId(const std::string& timer_id) {
  return absl::StrCat("scheduler-escalation:", base::Sha256Hex(timer_id).substr(0, 32));
}

struct GrpcEscalator::Stub {
  std::unique_ptr<tdkt::v1::DossierService::Stub> dossier;
};

GrpcEscalator::GrpcEscalator(std::shared_ptr<grpc::Channel> dossier, TokenSource access_token, absl::Duration timeout)
    : stub_(new Stub{tdkt::v1::DossierService::NewStub(dossier)}),
      access_token_(std::move(access_token)),
      timeout_(timeout) {}

GrpcEscalator::~GrpcEscalator() = default;

EscalationOutcome GrpcEscalator::Escalate(const TimerRow& timer) {
  absl::StatusOr<std::string> token = access_token_();
  if (!token.ok()) {
    return {EscalationOutcome::Kind::kRetry,
            Shortened(absl::StrCat("service account login: ", token.status().message())), absl::ZeroDuration()};
  }
  tdkt::v1::EscalateDossierRequest request;
  request.set_request_id(EscalationRequestId(timer.id));
  request.set_dossier_id(timer.dossier_id);
  request.set_expected_version(0);  // the due date guards staleness
  request.set_level(static_cast<tdkt::v1::OrgLevel>(timer.level));
  *request.mutable_deadline_due_date() = common::ToProtoDate(timer.due_date);
  request.set_overdue_working_days(timer.step);
  request.set_reason_vi(absl::StrCat("Quá hạn thẩm định ", timer.step, " ngày làm việc"));
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer " + *token);
  context.set_deadline(std::chrono::system_clock::now() + absl::ToChronoMilliseconds(timeout_));
  tdkt::v1::EscalateDossierResponse response;
  const grpc::Status status = stub_->dossier->EscalateDossier(&context, request, &response);
  if (status.ok()) return {EscalationOutcome::Kind::kDone, "", absl::ZeroDuration()};
  const std::string error = Shortened(
      absl::StrCat("EscalateDossier: code ", static_cast<int>(status.error_code()), ": ", status.error_message()));
  // The dossier moved on (another level, another due date, no running deadline) or is gone: nothing to escalate.
  if (status.error_code() == grpc::StatusCode::FAILED_PRECONDITION ||
      status.error_code() == grpc::StatusCode::NOT_FOUND) {
    return {EscalationOutcome::Kind::kStale, error, absl::ZeroDuration()};
  }
  return {EscalationOutcome::Kind::kRetry, error, absl::ZeroDuration()};
}

}  // namespace tdkt::scheduler

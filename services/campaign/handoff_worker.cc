#include "services/campaign/handoff_worker.h"

#include <algorithm>
#include <optional>
#include <vector>

#include <grpcpp/grpcpp.h>
#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "services/campaign/campaign_store.h"
#include "services/campaign/handoff_store.h"
#include "services/campaign/registration_store.h"
#include "services/campaign/scheduler_deadline.h"
#include "tdkt/v1/scheduler.grpc.pb.h"

namespace tdkt::campaign {
namespace {

// How one attempt ended.
struct Outcome {
  enum Kind { kDone, kNotNeeded, kFailed, kRetry } kind = kDone;
  std::string error;  // for operators: the scheduler's code and message, or why nothing was sent
};

Outcome Done() { return {Outcome::kDone, ""}; }
Outcome NotNeeded(std::string why) { return {Outcome::kNotNeeded, std::move(why)}; }

// A refusal is final when sending the same request again cannot change the answer.
Outcome FromCall(const grpc::Status& status, HandoffAction action) {
  if (status.ok()) return Done();
  std::string error = absl::StrCat("scheduler: ", status.error_code(), ": ", status.error_message());
  if (error.size() > 500) error.resize(500);
  switch (status.error_code()) {
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::FAILED_PRECONDITION:
    case grpc::StatusCode::NOT_FOUND:
    case grpc::StatusCode::ALREADY_EXISTS:
    case grpc::StatusCode::OUT_OF_RANGE:
      return {Outcome::kFailed, error};
    case grpc::StatusCode::ABORTED:  // a change based on a version someone else has replaced at the scheduler
      if (action == HandoffAction::kUpdate || action == HandoffAction::kCancel) return {Outcome::kFailed, error};
      return {Outcome::kRetry, error};
    default:  // UNAVAILABLE, DEADLINE_EXCEEDED, UNAUTHENTICATED (keys rotated), PERMISSION_DENIED (not yet set up) …
      return {Outcome::kRetry, error};
  }
}

const DueDateRow* FindDue(const std::vector<DueDateRow>& rows, tdkt::v1::PlanDueKind kind) {
  for (const DueDateRow& row : rows) {
    if (row.due.kind() == kind) return &row;
  }
  return nullptr;
}

}  // namespace

struct HandoffWorker::Scheduler {
  std::unique_ptr<tdkt::v1::SchedulerService::Stub> stub;
  absl::Duration timeout;

  std::unique_ptr<grpc::ClientContext> Context(const std::string& token) const {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(absl::ToChronoTime(absl::Now() + timeout));
    context->AddMetadata("authorization", "Bearer " + token);
    return context;
  }
};

HandoffWorker::HandoffWorker(common::PgPool* pool, std::shared_ptr<grpc::Channel> scheduler, TokenSource access_token,
                             HandoffCounters* counters, HandoffWorkerOptions options)
    : pool_(pool),
      scheduler_(new Scheduler{tdkt::v1::SchedulerService::NewStub(std::move(scheduler)), options.call_timeout}),
      access_token_(std::move(access_token)),
      counters_(counters),
      options_(options) {}

HandoffWorker::~HandoffWorker() { Stop(); }

void HandoffWorker::Start() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void HandoffWorker::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void HandoffWorker::Wake() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    woken_ = true;
  }
  wake_.notify_all();
}

absl::StatusOr<int> HandoffWorker::RunDue(bool until_stopped) {
  int attempts = 0;
  while (true) {
    if (until_stopped) {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) return attempts;
    }
    TDKT_ASSIGN_OR_RETURN(const bool ran, RunOne());
    if (!ran) return attempts;
    ++attempts;
  }
}

absl::StatusOr<bool> HandoffWorker::RunOne() {
  bool ran = false;
  TDKT_RETURN_IF_ERROR(pool_->InTransaction([&](pqxx::work& txn) -> absl::Status {
    const std::optional<Handoff> handoff = HandoffStore::ClaimNext(txn);
    if (!handoff) return absl::OkStatus();
    ran = true;
    const std::optional<StoredCampaign> stored = CampaignStore::Load(txn, handoff->campaign_id);
    const tdkt::v1::Campaign& campaign = stored->campaign;  // the row references it
    const std::vector<DueDateRow> dues = CampaignStore::DueDates(txn, campaign.id());
    const DueDateRow* due = FindDue(dues, handoff->due_kind);
    const std::string request_id = HandoffRequestId(campaign.id(), handoff->id);
    const bool changes_due = handoff->action != HandoffAction::kMarkDone;

    Outcome outcome;
    absl::StatusOr<std::string> token = access_token_();
    if (due == nullptr) {
      outcome = {Outcome::kFailed, "the campaign has no such due date"};
    } else if (!token.ok()) {
      outcome = {Outcome::kRetry, absl::StrCat("no access token for the scheduler: ", token.status().message())};
    } else if (handoff->action == HandoffAction::kCreate) {
      tdkt::v1::CreateCampaignDeadlineRequest request;
      request.set_request_id(request_id);
      *request.mutable_deadline() = SchedulerDeadlineFor(campaign, due->due);
      tdkt::v1::CreateCampaignDeadlineResponse response;
      outcome = FromCall(scheduler_->stub->CreateCampaignDeadline(scheduler_->Context(*token).get(), request, &response),
                         handoff->action);
      if (outcome.kind == Outcome::kDone) {
        HandoffStore::SetDueState(txn, campaign.id(), due->due.kind(), tdkt::v1::HANDOFF_STATE_DONE, "",
                                  std::make_pair(response.deadline().id(), response.deadline().version()));
        // Organisations that registered while the deadline was not at the scheduler are not reminded either.
        if (due->due.kind() == tdkt::v1::PLAN_DUE_KIND_REGISTRATION) {
          for (const std::string& org : RegistrationStore::RegisteredOrgs(txn, campaign.id())) {
            if (org == campaign.covers_org_id()) continue;
            HandoffStore::Enqueue(txn, campaign.id(), HandoffAction::kMarkDone, due->due.kind(), org);
          }
        }
      }
    } else if (due->scheduler_deadline_id.empty()) {
      outcome = handoff->action == HandoffAction::kUpdate
                    ? Outcome{Outcome::kFailed, "the deadline was never created at the scheduler"}
                    : NotNeeded("the deadline is not at the scheduler");
    } else if (handoff->action == HandoffAction::kUpdate) {
      tdkt::v1::UpdateCampaignDeadlineRequest request;
      request.set_request_id(request_id);
      request.set_expected_version(due->scheduler_version);
      *request.mutable_deadline() = SchedulerDeadlineFor(campaign, due->due);
      request.mutable_deadline()->set_id(due->scheduler_deadline_id);
      tdkt::v1::UpdateCampaignDeadlineResponse response;
      outcome = FromCall(scheduler_->stub->UpdateCampaignDeadline(scheduler_->Context(*token).get(), request, &response),
                         handoff->action);
      if (outcome.kind == Outcome::kDone) {
        HandoffStore::SetDueState(txn, campaign.id(), due->due.kind(), tdkt::v1::HANDOFF_STATE_DONE, "",
                                  std::make_pair(response.deadline().id(), response.deadline().version()));
      }
    } else if (handoff->action == HandoffAction::kCancel) {
      tdkt::v1::CancelCampaignDeadlineRequest request;
      request.set_request_id(request_id);
      request.set_expected_version(due->scheduler_version);
      request.set_campaign_deadline_id(due->scheduler_deadline_id);
      tdkt::v1::CancelCampaignDeadlineResponse response;
      outcome = FromCall(scheduler_->stub->CancelCampaignDeadline(scheduler_->Context(*token).get(), request, &response),
                         handoff->action);
      if (outcome.kind == Outcome::kDone) {
        HandoffStore::ForgetDeadline(txn, campaign.id(), due->due.kind(), tdkt::v1::HANDOFF_STATE_NOT_NEEDED);
      }
    } else {
      tdkt::v1::MarkCampaignDeadlineDoneRequest request;
      request.set_request_id(request_id);
      request.set_campaign_deadline_id(due->scheduler_deadline_id);
      request.set_org_id(handoff->org_id);
      tdkt::v1::MarkCampaignDeadlineDoneResponse response;
      outcome = FromCall(
          scheduler_->stub->MarkCampaignDeadlineDone(scheduler_->Context(*token).get(), request, &response),
          handoff->action);
    }

    switch (outcome.kind) {
      case Outcome::kDone:
      case Outcome::kNotNeeded:
        HandoffStore::Finish(txn, handoff->id,
                             outcome.kind == Outcome::kDone ? tdkt::v1::HANDOFF_STATE_DONE
                                                            : tdkt::v1::HANDOFF_STATE_NOT_NEEDED,
                             outcome.error);
        counters_->done++;
        break;
      case Outcome::kFailed:
        spdlog::warn("campaign: handoff {} of campaign {} refused for good: {}", handoff->id, campaign.id(),
                     outcome.error);
        HandoffStore::Finish(txn, handoff->id, tdkt::v1::HANDOFF_STATE_FAILED, outcome.error);
        if (changes_due && due != nullptr) {
          HandoffStore::SetDueState(txn, campaign.id(), due->due.kind(), tdkt::v1::HANDOFF_STATE_FAILED, outcome.error);
        }
        counters_->failed++;
        break;
      case Outcome::kRetry: {
        const absl::Duration backoff =
            std::min(options_.max_backoff, options_.first_backoff * (int64_t{1} << std::min(handoff->attempts, 20)));
        spdlog::info("campaign: handoff {} of campaign {} postponed by {}: {}", handoff->id, campaign.id(),
                     absl::FormatDuration(backoff), outcome.error);
        HandoffStore::Retry(txn, handoff->id, outcome.error, backoff);
        if (changes_due && due != nullptr) {
          HandoffStore::SetDueState(txn, campaign.id(), due->due.kind(), tdkt::v1::HANDOFF_STATE_PENDING, outcome.error);
        }
        counters_->retried++;
        break;
      }
    }
    return absl::OkStatus();
  }));
  return ran;
}

void HandoffWorker::Loop() {
  while (true) {
    absl::Duration sleep = options_.poll;
    if (absl::StatusOr<int> ran = RunDue(/*until_stopped=*/true); !ran.ok()) {
      spdlog::warn("campaign: handoff pass failed: {}", ran.status().ToString());
      sleep = options_.first_backoff;
    } else {
      (void)pool_->InTransaction([&](pqxx::work& txn) {
        if (const std::optional<absl::Duration> next = HandoffStore::UntilNextAttempt(txn)) {
          sleep = std::min(sleep, std::max(*next, absl::Milliseconds(10)));
        }
        return absl::OkStatus();
      });
    }
    std::unique_lock<std::mutex> lock(mutex_);
    wake_.wait_for(lock, absl::ToChronoMilliseconds(sleep), [this] { return stopping_ || woken_; });
    if (stopping_) return;
    woken_ = false;
  }
}

}  // namespace tdkt::campaign

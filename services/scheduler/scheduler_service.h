#pragma once
// SchedulerServiceImpl: the gRPC API of the scheduler (proto/tdkt/v1/scheduler.proto). Every call is
// authenticated from its bearer token (auth::AuthenticatedIdentity). RPCs not listed here answer UNIMPLEMENTED.
#include "absl/time/time.h"
#include "base/clock.h"
#include "services/auth/token_verifier.h"
#include "services/common/pg_pool.h"
#include "tdkt/v1/scheduler.grpc.pb.h"

namespace tdkt::scheduler {

class SchedulerServiceImpl final : public tdkt::v1::SchedulerService::Service {
 public:
  // Everything must outlive the service. `late_after` decides Timer.late.
  SchedulerServiceImpl(common::PgPool* pool, const auth::TokenVerifier* verifier, const base::Clock* clock,
                       absl::Duration late_after);

 private:
  common::PgPool* pool_;
  const auth::TokenVerifier* verifier_;
  const base::Clock* clock_;
  const absl::Duration late_after_;
};

}  // namespace tdkt::scheduler

#include "services/scheduler/scheduler_service.h"

namespace tdkt::scheduler {

SchedulerServiceImpl::SchedulerServiceImpl(common::PgPool* pool, const auth::TokenVerifier* verifier,
                                           const base::Clock* clock, absl::Duration late_after)
    : pool_(pool), verifier_(verifier), clock_(clock), late_after_(late_after) {}

}  // namespace tdkt::scheduler

// GetPublicStatus is rate limited per client address (dossier.proto; by default 100 a minute, 20 at once): the
// lookups past the limit are refused with RESOURCE_EXHAUSTED and a Vietnamese message before any database work,
// whatever code they ask for, and the address gets its lookups back as time passes (the fixture's fake clock).
// Every client here is 127.0.0.1: that another address is not refused, and how addresses are told apart (IPv4,
// IPv6 by /64), is tested on the limiter itself (tests/unit/services/common/address_rate_limiter_test.cc).
#include "services/dossier/random_ids.h"
#include "tests/integration/services/dossier/dossier_fixture.h"

namespace tdkt::dossier {
namespace {

namespace v1 = tdkt::v1;

using DossierPublicStatusLimit = DossierServiceTest;

grpc::Status Lookup(v1::DossierService::Stub& stub, const std::string& code) {
  v1::GetPublicStatusRequest request;
  request.set_tracking_code(code);
  v1::GetPublicStatusResponse response;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  return stub.GetPublicStatus(&context, request, &response);
}

TEST_F(DossierPublicStatusLimit, TheHundredAndFirstLookupInAMinuteIsRefusedUntilTheBucketRefills) {
  const std::string code = CreateAt().tracking_code();
  // 101 lookups at once (the fake clock stands still): the burst of 20 goes through, the 101st is refused.
  int allowed = 0;
  for (int i = 1; i <= 100; ++i) {
    const grpc::Status status = Lookup(*stub_, code);
    if (status.ok()) {
      ++allowed;
    } else {
      ASSERT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << status.error_message();
    }
  }
  EXPECT_EQ(allowed, 20);
  const grpc::Status refused = Lookup(*stub_, code);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << refused.error_message();
  EXPECT_NE(refused.error_message().find("Quá nhiều lượt tra cứu"), std::string::npos) << refused.error_message();
  // The limit is the address's, not the code's: guessing other codes is refused the same way.
  EXPECT_EQ(Lookup(*stub_, NewTrackingCode()).error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);

  // Refused before the lookup: they answer even while the database would make them wait.
  pqxx::connection blocker(url_);
  pqxx::work lock(blocker);
  lock.exec("LOCK TABLE dossier.dossier IN ACCESS EXCLUSIVE MODE");
  EXPECT_EQ(Lookup(*stub_, code).error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  lock.abort();

  clock_.Advance(absl::Seconds(6));  // 100 a minute: ten lookups back
  allowed = 0;
  for (int i = 0; i < 20; ++i) allowed += Lookup(*stub_, code).ok() ? 1 : 0;
  EXPECT_EQ(allowed, 10);
  clock_.Advance(absl::Minutes(1));  // after the window, the whole burst
  allowed = 0;
  for (int i = 0; i < 21; ++i) allowed += Lookup(*stub_, code).ok() ? 1 : 0;
  EXPECT_EQ(allowed, 20);
}

}  // namespace
}  // namespace tdkt::dossier

// Councils through the gRPC API on the demo directory: GetCouncil, and what CreateCouncil refuses — a roster
// that is not one (no member, a person twice, no chair or two, an unknown position) and a caller who does not
// administer the organisation. A refusal writes nothing.
#include "tests/integration/services/directory/directory_fixture.h"

namespace tdkt::directory {
namespace {

using grpc::StatusCode;

class CouncilTest : public DirectoryServiceTest {
 protected:
  void SetUp() override {
    DirectoryServiceTest::SetUp();
    ASSERT_TRUE(ImportDemo().ok());
    school_ = Org("PT-KIMTHUONG-TH", D(2026, 3, 2)).id();  // has no council of its own
    commune_ = Org("PT-KIMTHUONG", D(2026, 3, 2)).id();
  }

  // A valid council of the school: a chair, a vice-chair and a secretary.
  tdkt::v1::Council Roster() {
    tdkt::v1::Council council;
    council.set_org_id(school_);
    council.set_name_vi("Hội đồng Thi đua – Khen thưởng Trường Tiểu học Kim Thượng");
    *council.mutable_term_from() = D(2026, 1, 1);
    *council.mutable_term_until() = D(2030, 12, 31);
    council.set_establishing_decision("12/QĐ-TH");
    const std::pair<const char*, tdkt::v1::CouncilPosition> members[] = {
        {"ct.kimthuong", tdkt::v1::COUNCIL_POSITION_CHAIR},
        {"vp.kimthuong", tdkt::v1::COUNCIL_POSITION_VICE_CHAIR},
        {"vt.kimthuong.th", tdkt::v1::COUNCIL_POSITION_SECRETARY}};
    for (const auto& [username, position] : members) {
      tdkt::v1::CouncilMember* member = council.add_members();
      member->set_person_id(PersonId(username));
      member->set_position(position);
      member->set_voting(position != tdkt::v1::COUNCIL_POSITION_SECRETARY);
    }
    return council;
  }

  grpc::Status Create(const std::string& identity, const tdkt::v1::Council& council,
                      tdkt::v1::CreateCouncilResponse* response = nullptr) {
    tdkt::v1::CreateCouncilRequest request;
    request.set_request_id("council-" + std::to_string(++requests_));
    *request.mutable_council() = council;
    tdkt::v1::CreateCouncilResponse ignored;
    return stub_->CreateCouncil(As(identity).get(), request, response != nullptr ? response : &ignored);
  }

  std::string school_, commune_;
  int requests_ = 0;
};

TEST_F(CouncilTest, GetCouncilReturnsTheRosterInOrderWithItsChair) {
  tdkt::v1::CreateCouncilResponse created;
  ASSERT_TRUE(Create("9;ADMIN@" + commune_, Roster(), &created).ok());
  tdkt::v1::GetCouncilRequest request;
  request.set_council_id(created.council().id());
  tdkt::v1::GetCouncilResponse response;
  ASSERT_TRUE(stub_->GetCouncil(As("9").get(), request, &response).ok());  // any authenticated caller
  const tdkt::v1::Council& council = response.council();
  EXPECT_EQ(council.org_id(), school_);
  EXPECT_EQ(council.establishing_decision(), "12/QĐ-TH");
  EXPECT_EQ(council.chair_person_id(), PersonId("ct.kimthuong"));
  ASSERT_EQ(council.members_size(), 3);
  EXPECT_EQ(council.members(1).person_id(), PersonId("vp.kimthuong"));
  EXPECT_EQ(council.members(2).position(), tdkt::v1::COUNCIL_POSITION_SECRETARY);
  EXPECT_FALSE(council.members(2).voting());
  EXPECT_FALSE(council.members(0).full_name().empty());
  EXPECT_EQ(council.version(), 1);

  request.set_council_id("987654");
  EXPECT_EQ(stub_->GetCouncil(As("9").get(), request, &response).error_code(), StatusCode::NOT_FOUND);
  request.set_council_id("mot-hai");
  EXPECT_EQ(stub_->GetCouncil(As("9").get(), request, &response).error_code(), StatusCode::INVALID_ARGUMENT);
  request.set_council_id(created.council().id());
  EXPECT_EQ(stub_->GetCouncil(As("").get(), request, &response).error_code(), StatusCode::UNAUTHENTICATED);
}

TEST_F(CouncilTest, CreateCouncilRefusesARosterThatIsNotOne) {
  const long long councils = Count("council");
  const long long members = Count("council_member");
  const std::string admin = "9;ADMIN@" + commune_;
  auto refused = [&](const char* what, const std::function<void(tdkt::v1::Council&)>& spoil) {
    SCOPED_TRACE(what);
    tdkt::v1::Council council = Roster();
    spoil(council);
    const grpc::Status status = Create(admin, council);
    EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT) << status.error_message();
    return status.error_message();
  };
  EXPECT_NE(refused("no member", [](tdkt::v1::Council& c) { c.clear_members(); }).find("members"), std::string::npos);
  EXPECT_NE(refused("a person twice",
                    [](tdkt::v1::Council& c) { c.mutable_members(2)->set_person_id(c.members(1).person_id()); })
                .find("listed twice"),
            std::string::npos);
  EXPECT_NE(refused("no chair",
                    [](tdkt::v1::Council& c) {
                      c.mutable_members(0)->set_position(tdkt::v1::COUNCIL_POSITION_MEMBER);
                    })
                .find("exactly one chair"),
            std::string::npos);
  EXPECT_NE(refused("two chairs",
                    [](tdkt::v1::Council& c) {
                      c.mutable_members(1)->set_position(tdkt::v1::COUNCIL_POSITION_CHAIR);
                    })
                .find("exactly one chair"),
            std::string::npos);
  EXPECT_NE(refused("unknown position",
                    [](tdkt::v1::Council& c) {
                      c.mutable_members(2)->set_position(static_cast<tdkt::v1::CouncilPosition>(77));
                    })
                .find("members.position"),
            std::string::npos);
  EXPECT_NE(refused("no position",
                    [](tdkt::v1::Council& c) {
                      c.mutable_members(2)->set_position(tdkt::v1::COUNCIL_POSITION_UNSPECIFIED);
                    })
                .find("members.position"),
            std::string::npos);
  EXPECT_EQ(Count("council"), councils);
  EXPECT_EQ(Count("council_member"), members);
  ASSERT_TRUE(Create(admin, Roster()).ok());  // the roster itself is fine
  EXPECT_EQ(Count("council"), councils + 1);
}

TEST_F(CouncilTest, OnlyAnAdministratorOfTheOrganisationOrAboveCreatesItsCouncil) {
  const long long councils = Count("council");
  const std::string dong_tan = Org("PT-DONGTAN", D(2026, 3, 2)).id();
  for (const std::string& identity : {"9;ADMIN@" + dong_tan, "9;DECIDER@" + commune_, "9;COUNCIL_CHAIR@" + school_,
                                      "9;ADMIN@" + Org("PT-KIMTHUONG-TYT", D(2026, 3, 2)).id(), std::string("9")}) {
    SCOPED_TRACE(identity);
    EXPECT_EQ(Create(identity, Roster()).error_code(), StatusCode::PERMISSION_DENIED);
  }
  EXPECT_EQ(Create("", Roster()).error_code(), StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Count("council"), councils);
  EXPECT_TRUE(Create("9;ADMIN@" + school_, Roster()).ok());  // the school's own administrator
  tdkt::v1::Council later = Roster();
  *later.mutable_term_from() = D(2031, 1, 1);
  *later.mutable_term_until() = D(2035, 12, 31);
  EXPECT_TRUE(Create("9;ADMIN@" + Org("PT", D(2026, 3, 2)).id(), later).ok());  // the province's
  EXPECT_EQ(Count("council"), councils + 2);
}

}  // namespace
}  // namespace tdkt::directory

// Who sees what of a dossier, through every read of the API on real PostgreSQL: GetDossier, SearchDossiers,
// ListInbox, the documents, VerifyHistory and the command responses all apply the one rule of
// workflow/visibility.h. A level keeps reading the dossiers it appraised after they move up; a level above sees
// where a submitted dossier is but not its content; a draft belongs to its unit; the ID number goes to the
// submitter and to those who appraise and decide; only those who run a ballot see who has voted.
#include <map>
#include <set>

#include "tests/integration/services/dossier/dossier_fixture.h"

namespace tdkt::dossier {
namespace {

namespace v1 = tdkt::v1;
using workflow::RoleGrant;

// One caller of the test tree: a person with one role at one organisation.
struct Caller {
  Role role;
  std::string org;
  std::string Name() const { return std::to_string(static_cast<int>(role)) + "@" + org; }
};

class DossierVisibility : public DossierServiceTest {
 protected:
  // Each command checks its status and follows the dossier's version.
  template <typename Request, typename Response, typename Call>
  Response Do(Call call, Request request, std::unique_ptr<grpc::ClientContext> context) {
    request.set_request_id(NextRequestId());
    request.set_dossier_id(id_);
    request.set_expected_version(version_);
    Response response;
    grpc::Status status = (stub_.get()->*call)(context.get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    if (status.ok()) version_ = response.dossier().version();
    return response;
  }

  void Start() {
    const v1::Dossier created = CreateAt("U");
    id_ = created.id();
    version_ = created.version();
  }
  v1::SubmitDossierResponse Submit() {
    return Do<v1::SubmitDossierRequest, v1::SubmitDossierResponse>(&v1::DossierService::Stub::SubmitDossier, {},
                                                                    As(Role::kSubmitter, "U"));
  }
  v1::AcceptDossierResponse Accept(const std::string& org) {
    return Do<v1::AcceptDossierRequest, v1::AcceptDossierResponse>(&v1::DossierService::Stub::AcceptDossier, {},
                                                                    As(Role::kAppraiser, org));
  }
  void SendToCouncil(const std::string& org) {
    Do<v1::SendToCouncilRequest, v1::SendToCouncilResponse>(&v1::DossierService::Stub::SendToCouncil, {},
                                                             As(Role::kAppraiser, org));
  }
  v1::OpenVoteResponse OpenVote(const std::string& org) {
    return Do<v1::OpenVoteRequest, v1::OpenVoteResponse>(&v1::DossierService::Stub::OpenVote, {},
                                                          As(Role::kCouncilChair, org));
  }
  v1::CastVoteResponse Cast(const std::string& member, const std::string& org, const std::string& vote_id) {
    v1::CastVoteRequest request;
    request.set_request_id(NextRequestId());
    request.set_dossier_id(id_);
    request.set_vote_id(vote_id);
    request.set_choice(v1::VOTE_CHOICE_YES);
    v1::CastVoteResponse response;
    grpc::Status status =
        stub_->CastVote(AsPerson(Person(member, org), {{Role::kCouncilMember, org}}).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    if (status.ok()) version_ = response.dossier().version();
    return response;
  }
  void CloseVote(const std::string& org, const std::string& vote_id) {
    v1::CloseVoteRequest request;
    request.set_vote_id(vote_id);
    Do<v1::CloseVoteRequest, v1::CloseVoteResponse>(&v1::DossierService::Stub::CloseVote, request,
                                                     As(Role::kCouncilChair, org));
  }
  // The level at `org` appraises and its council passes the dossier on to the next level.
  void PassLevel(const std::string& org) {
    Accept(org);
    SendToCouncil(org);
    const std::string vote_id = OpenVote(org).dossier().vote().vote_id();
    for (const char* member : {"chair", "m1", "m2"}) Cast(member, org, vote_id);
    CloseVote(org, vote_id);
  }

  std::unique_ptr<grpc::ClientContext> Context(const Caller& c) { return As(c.role, c.org); }

  grpc::Status GetAs(const Caller& c, const std::string& id, v1::GetDossierResponse* response) {
    v1::GetDossierRequest request;
    request.set_dossier_id(id);
    return stub_->GetDossier(Context(c).get(), request, response);
  }
  // Every dossier SearchDossiers lists to `c` (no filter), by id.
  std::map<std::string, v1::Dossier> SearchAs(const Caller& c) {
    v1::SearchDossiersResponse response;
    grpc::Status status = stub_->SearchDossiers(Context(c).get(), {}, &response);
    EXPECT_TRUE(status.ok()) << c.Name() << ": " << status.error_message();
    std::map<std::string, v1::Dossier> found;
    for (const v1::Dossier& d : response.dossiers()) found[d.id()] = d;
    return found;
  }
  grpc::Status ListDocumentsAs(const Caller& c, v1::ListDocumentsResponse* response) {
    v1::ListDocumentsRequest request;
    request.set_dossier_id(id_);
    return stub_->ListDocuments(Context(c).get(), request, response);
  }
  grpc::Status VerifyAs(const Caller& c) {
    v1::VerifyHistoryRequest request;
    request.set_dossier_id(id_);
    v1::VerifyHistoryResponse response;
    return stub_->VerifyHistory(Context(c).get(), request, &response);
  }

  std::string id_;
  int64_t version_ = 0;
};

TEST_F(DossierVisibility, ALevelKeepsReadingTheDossiersItAppraisedAfterTheyMoveUp) {
  Start();
  Submit();
  PassLevel("U");
  PassLevel("C");
  ASSERT_EQ(Get(id_).dossier().holding_org_id(), "P");
  for (const Caller& c : {Caller{Role::kAppraiser, "C"}, Caller{Role::kCouncilChair, "C"},
                          Caller{Role::kAppraiser, "U"}}) {
    v1::GetDossierResponse got;
    grpc::Status status = GetAs(c, id_, &got);
    ASSERT_TRUE(status.ok()) << c.Name() << ": " << status.error_message();
    EXPECT_EQ(got.dossier().nominee().id_number(), kNomineeIdNumber) << c.Name();
    EXPECT_TRUE(got.allowed_actions().empty()) << c.Name();  // reading is not acting: the province holds it
    EXPECT_EQ(SearchAs(c).count(id_), 1u) << c.Name();
    v1::ListDocumentsResponse documents;
    EXPECT_TRUE(ListDocumentsAs(c, &documents).ok()) << c.Name();
    EXPECT_TRUE(VerifyAs(c).ok()) << c.Name();
  }
  // The commune's council members voted on it: they read it, without the ID number.
  v1::GetDossierResponse member;
  ASSERT_TRUE(GetAs({Role::kCouncilMember, "C"}, id_, &member).ok());
  EXPECT_TRUE(member.dossier().nominee().id_number().empty());
  EXPECT_TRUE(member.dossier().nominee().personal_data_redacted());
}

TEST_F(DossierVisibility, ALevelAboveSeesWhereASubmittedDossierIsButNotItsContent) {
  Start();
  Submit();  // held by the unit's own standing body
  for (const Caller& c : {Caller{Role::kAppraiser, "C"}, Caller{Role::kDecider, "P"}}) {
    v1::GetDossierResponse got;
    grpc::Status status = GetAs(c, id_, &got);
    ASSERT_TRUE(status.ok()) << c.Name() << ": " << status.error_message();
    EXPECT_EQ(got.dossier().state(), v1::DOSSIER_STATE_SUBMITTED);
    EXPECT_TRUE(got.dossier().nominee().id_number().empty()) << c.Name();
    EXPECT_TRUE(got.dossier().nominee().personal_data_redacted()) << c.Name();
    const auto found = SearchAs(c);
    ASSERT_EQ(found.count(id_), 1u) << c.Name();
    EXPECT_TRUE(found.at(id_).nominee().id_number().empty()) << c.Name();
    // The documents are the appraising levels' business, not yet the level above's.
    v1::ListDocumentsResponse documents;
    EXPECT_EQ(ListDocumentsAs(c, &documents).error_code(), grpc::StatusCode::PERMISSION_DENIED) << c.Name();
  }
  // Council members and submitters above have no business with it.
  for (const Caller& c : {Caller{Role::kCouncilMember, "C"}, Caller{Role::kSubmitter, "C"}}) {
    v1::GetDossierResponse got;
    EXPECT_EQ(GetAs(c, id_, &got).error_code(), grpc::StatusCode::PERMISSION_DENIED) << c.Name();
    EXPECT_EQ(SearchAs(c).count(id_), 0u) << c.Name();
  }
}

TEST_F(DossierVisibility, ADraftBelongsToItsUnit) {
  Start();
  for (const Caller& c : {Caller{Role::kAppraiser, "C"}, Caller{Role::kCouncilChair, "C"},
                          Caller{Role::kAppraiser, "P"}, Caller{Role::kDecider, "P"}}) {
    v1::GetDossierResponse got;
    EXPECT_EQ(GetAs(c, id_, &got).error_code(), grpc::StatusCode::PERMISSION_DENIED) << c.Name();
    EXPECT_TRUE(got.dossier().nominee().id_number().empty()) << c.Name();
    EXPECT_EQ(SearchAs(c).count(id_), 0u) << c.Name();
    v1::ListDocumentsResponse documents;
    EXPECT_EQ(ListDocumentsAs(c, &documents).error_code(), grpc::StatusCode::PERMISSION_DENIED) << c.Name();
  }
  for (const Caller& c : {Caller{Role::kSubmitter, "U"}, Caller{Role::kAppraiser, "U"}}) {
    v1::GetDossierResponse got;
    ASSERT_TRUE(GetAs(c, id_, &got).ok()) << c.Name();
    EXPECT_EQ(got.dossier().nominee().id_number(), kNomineeIdNumber) << c.Name();
    EXPECT_EQ(SearchAs(c).count(id_), 1u) << c.Name();
  }
}

// Whatever GetDossier shows a caller, SearchDossiers and ListInbox show the same: the same dossiers, the same
// personal data.
TEST_F(DossierVisibility, EveryReadAgreesOnWhoSeesADossierAndItsIdNumber) {
  std::vector<std::string> ids;
  Start();  // a draft
  ids.push_back(id_);
  Start();  // submitted, at the unit
  Submit();
  ids.push_back(id_);
  Start();  // at the commune
  Submit();
  PassLevel("U");
  ids.push_back(id_);
  Start();  // at the province
  Submit();
  PassLevel("U");
  PassLevel("C");
  ids.push_back(id_);

  std::vector<Caller> callers;
  for (const char* org : {"U", "U2", "C", "D", "P"}) {
    for (Role role : {Role::kSubmitter, Role::kAppraiser, Role::kCouncilMember, Role::kCouncilChair,
                      Role::kDecider, Role::kAdmin}) {
      callers.push_back({role, org});
    }
  }
  int seen = 0;
  for (const Caller& c : callers) {
    const auto found = SearchAs(c);
    v1::ListInboxResponse listed;
    ASSERT_TRUE(stub_->ListInbox(Context(c).get(), {}, &listed).ok()) << c.Name();
    std::map<std::string, std::string> inbox_id_numbers;
    for (const v1::InboxItem& item : listed.items()) {
      inbox_id_numbers[item.dossier().id()] = item.dossier().nominee().id_number();
    }
    for (const std::string& id : ids) {
      v1::GetDossierResponse got;
      const grpc::Status status = GetAs(c, id, &got);
      EXPECT_EQ(status.ok(), found.count(id) == 1) << c.Name() << " " << id << ": " << status.error_message();
      if (!status.ok()) {
        EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << c.Name();
        EXPECT_EQ(inbox_id_numbers.count(id), 0u) << c.Name();
        continue;
      }
      ++seen;
      const std::string& shown = got.dossier().nominee().id_number();
      EXPECT_TRUE(shown.empty() || shown == kNomineeIdNumber);
      if (found.count(id) == 1) {
        EXPECT_EQ(found.at(id).nominee().id_number(), shown) << c.Name() << " " << id;
      }
      if (inbox_id_numbers.count(id) == 1) {
        EXPECT_EQ(inbox_id_numbers.at(id), shown) << c.Name() << " " << id;
      }
    }
  }
  EXPECT_GT(seen, 20);  // the matrix is not vacuous
}

TEST_F(DossierVisibility, OnlyThoseWhoRunTheBallotSeeWhoHasVoted) {
  Start();
  Submit();
  PassLevel("U");  // at the commune, whose council votes next
  Accept("C");
  SendToCouncil("C");
  const v1::OpenVoteResponse opened = OpenVote("C");
  EXPECT_EQ(opened.dossier().vote().participants_size(), 3);  // the chair who opened it
  const v1::CastVoteResponse cast = Cast("m1", "C", opened.dossier().vote().vote_id());
  EXPECT_EQ(cast.dossier().vote().participants_size(), 0);   // a member: how many, not who
  EXPECT_EQ(cast.dossier().vote().voted_count(), 1);

  for (const Caller& c : {Caller{Role::kCouncilChair, "C"}, Caller{Role::kAppraiser, "C"}}) {
    v1::GetDossierResponse got;
    ASSERT_TRUE(GetAs(c, id_, &got).ok()) << c.Name();
    ASSERT_EQ(got.dossier().vote().participants_size(), 3) << c.Name();
    int voted = 0;
    for (const v1::BallotParticipation& p : got.dossier().vote().participants()) voted += p.voted() ? 1 : 0;
    EXPECT_EQ(voted, 1) << c.Name();
  }
  for (const Caller& c : {Caller{Role::kSubmitter, "U"}, Caller{Role::kAppraiser, "U"},
                          Caller{Role::kCouncilChair, "U"}, Caller{Role::kCouncilMember, "C"},
                          Caller{Role::kAppraiser, "P"}, Caller{Role::kDecider, "P"}}) {
    v1::GetDossierResponse got;
    ASSERT_TRUE(GetAs(c, id_, &got).ok()) << c.Name();
    EXPECT_EQ(got.dossier().vote().voted_count(), 1) << c.Name();
    EXPECT_EQ(got.dossier().vote().participants_size(), 0) << c.Name();
    const auto found = SearchAs(c);
    ASSERT_EQ(found.count(id_), 1u) << c.Name();
    EXPECT_EQ(found.at(id_).vote().participants_size(), 0) << c.Name();
  }
  v1::ListInboxResponse inbox;
  ASSERT_TRUE(stub_->ListInbox(As(Role::kCouncilChair, "C").get(), {}, &inbox).ok());
  ASSERT_EQ(inbox.items_size(), 1);
  EXPECT_EQ(inbox.items(0).dossier().vote().participants_size(), 3);
}

TEST_F(DossierVisibility, CommandResponsesShowWhatGetDossierShows) {
  v1::CreateDossierRequest create;
  create.set_request_id("create-1");
  create.set_award_code("BANG_KHEN_TINH");
  create.set_year(2025);
  create.set_origin_org_id("U");
  create.mutable_nominee()->set_kind(v1::NOMINEE_KIND_INDIVIDUAL);
  create.mutable_nominee()->set_name("Nguyễn Thị Hoa");
  create.mutable_nominee()->set_id_number(kNomineeIdNumber);
  v1::CreateDossierResponse created, replayed;
  ASSERT_TRUE(stub_->CreateDossier(As(Role::kSubmitter, "U").get(), create, &created).ok());
  EXPECT_EQ(created.dossier().nominee().id_number(), kNomineeIdNumber);
  EXPECT_FALSE(created.dossier().nominee().personal_data_redacted());
  // A retry gets the first response, the ID number included.
  ASSERT_TRUE(stub_->CreateDossier(As(Role::kSubmitter, "U").get(), create, &replayed).ok());
  EXPECT_EQ(replayed.SerializeAsString(), created.SerializeAsString());

  id_ = created.dossier().id();
  AttachRequiredDocuments(id_, "BANG_KHEN_TINH", "U");
  version_ = Get(id_).dossier().version();
  EXPECT_EQ(Submit().dossier().nominee().id_number(), kNomineeIdNumber);
  EXPECT_EQ(Accept("U").dossier().nominee().id_number(), kNomineeIdNumber);
  SendToCouncil("U");
  const v1::OpenVoteResponse opened = OpenVote("U");
  EXPECT_EQ(opened.dossier().nominee().id_number(), kNomineeIdNumber);  // the council chair appraises too
  const v1::CastVoteResponse cast = Cast("m1", "U", opened.dossier().vote().vote_id());
  EXPECT_TRUE(cast.dossier().nominee().id_number().empty());  // a member does not
  EXPECT_TRUE(cast.dossier().nominee().personal_data_redacted());

  // Stored for replay, the responses hold no ID number in clear.
  EXPECT_EQ(AllText("idempotency").find(kNomineeIdNumber), std::string::npos);
  EXPECT_EQ(AllText("idempotency").find("303031303838313233343536"), std::string::npos);  // its hex
}

}  // namespace
}  // namespace tdkt::dossier

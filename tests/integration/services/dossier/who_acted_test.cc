// Who did what, as an audit trail must show it: every history entry, document and ballot names the person as
// the directory named them at that moment, with the role and organisation of the grant that authorised the
// action. A later rename in the directory rewrites nothing, and no name reaches the logs.
#include "tests/integration/services/dossier/journey_fixture.h"

namespace tdkt::dossier {
namespace {

namespace v1 = tdkt::v1;

class DossierWhoActed : public DossierJourney {
 protected:
  // Unit → commune → province, decided and published: every kind of person acts once at least.
  void FullWalk() {
    Start();
    Submit();
    PassLevel("U");
    PassLevel("C");
    PassLevel("P");
    v1::DecideDossierRequest decide;
    decide.mutable_decision()->set_number("123/QĐ-UBND");
    *decide.mutable_decision()->mutable_date() = D(2026, 3, 2);
    decide.mutable_decision()->set_signer_name("Trần Văn Bình");
    Do<v1::DecideDossierRequest, v1::DecideDossierResponse>(&Stub::DecideDossier, decide, As(Role::kDecider, "P"));
    Do<v1::PublishDossierRequest, v1::PublishDossierResponse>(&Stub::PublishDossier, {}, As(Role::kDecider, "P"));
  }

  // The entries of `action`, in order.
  static std::vector<v1::HistoryEntry> Entries(const v1::GetDossierResponse& full, v1::DossierAction action) {
    std::vector<v1::HistoryEntry> found;
    for (const v1::HistoryEntry& e : full.history()) {
      if (e.action() == action) found.push_back(e);
    }
    return found;
  }

  static void ExpectActor(const v1::Actor& actor, const std::string& person, v1::Role role, const std::string& org) {
    EXPECT_EQ(actor.person_id(), person);
    EXPECT_EQ(actor.display_name(), FullName(person));
    EXPECT_EQ(actor.role(), role) << person;
    EXPECT_EQ(actor.org_id(), org) << person;
  }
};

TEST_F(DossierWhoActed, EveryHistoryEntryNamesThePersonTheirRoleAndOrganisation) {
  FullWalk();
  const v1::GetDossierResponse full = Get(id_);
  ASSERT_EQ(full.history_size(), version_);
  ASSERT_GE(full.history_size(), 28);
  for (const v1::HistoryEntry& e : full.history()) {
    SCOPED_TRACE(e.sequence());
    EXPECT_EQ(e.actor().display_name(), FullName(e.actor().person_id()));
    EXPECT_NE(e.actor().role(), v1::ROLE_UNSPECIFIED);
    EXPECT_FALSE(e.actor().org_id().empty());
  }
  ExpectActor(Entries(full, v1::DOSSIER_ACTION_CREATE).at(0).actor(), "submitter@U", v1::ROLE_SUBMITTER, "U");
  ExpectActor(Entries(full, v1::DOSSIER_ACTION_ACCEPT).at(1).actor(), "appraiser@C", v1::ROLE_APPRAISER, "C");
  ExpectActor(Entries(full, v1::DOSSIER_ACTION_CAST_VOTE).at(4).actor(), "m1@C", v1::ROLE_COUNCIL_MEMBER, "C");
  // The chair holds the member's grant too; closing the vote is authorised by the chair's.
  ExpectActor(Entries(full, v1::DOSSIER_ACTION_CLOSE_VOTE).at(2).actor(), "chair@P", v1::ROLE_COUNCIL_CHAIR, "P");
  ExpectActor(Entries(full, v1::DOSSIER_ACTION_DECIDE).at(0).actor(), "decider@P", v1::ROLE_DECIDER, "P");
}

TEST_F(DossierWhoActed, TheRoleIsThatOfTheGrantThatAuthorisedTheAction) {
  // One person who is both the unit's submitter and its appraiser: submitting is the submitter's act, accepting
  // the appraiser's.
  const std::string both = Person("both", "U");
  Start();
  Do<v1::SubmitDossierRequest, v1::SubmitDossierResponse>(
      &Stub::SubmitDossier, {}, AsPerson(both, {{Role::kAppraiser, "U"}, {Role::kSubmitter, "U"}}));
  Do<v1::AcceptDossierRequest, v1::AcceptDossierResponse>(
      &Stub::AcceptDossier, {}, AsPerson(both, {{Role::kSubmitter, "U"}, {Role::kAppraiser, "U"}}));
  const v1::GetDossierResponse full = Get(id_);
  ExpectActor(Entries(full, v1::DOSSIER_ACTION_SUBMIT).at(0).actor(), both, v1::ROLE_SUBMITTER, "U");
  ExpectActor(Entries(full, v1::DOSSIER_ACTION_ACCEPT).at(0).actor(), both, v1::ROLE_APPRAISER, "U");
}

TEST_F(DossierWhoActed, ARenameInTheDirectoryDoesNotRewriteHistory) {
  Start();
  Submit();
  const std::string before = FullName("submitter@U");
  directory_.AddPerson("submitter@U", "Trần Thị Thu Hà");  // renamed in the directory
  clock_.Advance(absl::Minutes(2));                          // and the service's cache of it expired
  v1::WithdrawDossierRequest withdraw;
  withdraw.set_reason_vi("Đơn vị rút hồ sơ");
  Do<v1::WithdrawDossierRequest, v1::WithdrawDossierResponse>(&Stub::WithdrawDossier, withdraw,
                                                              As(Role::kSubmitter, "U"));

  const v1::GetDossierResponse full = Get(id_);
  EXPECT_EQ(Entries(full, v1::DOSSIER_ACTION_CREATE).at(0).actor().display_name(), before);
  EXPECT_EQ(Entries(full, v1::DOSSIER_ACTION_SUBMIT).at(0).actor().display_name(), before);
  EXPECT_EQ(Entries(full, v1::DOSSIER_ACTION_WITHDRAW).at(0).actor().display_name(), "Trần Thị Thu Hà");
  v1::VerifyHistoryRequest verify;
  verify.set_dossier_id(id_);
  v1::VerifyHistoryResponse verified;
  ASSERT_TRUE(stub_->VerifyHistory(As(Role::kSubmitter, "U").get(), verify, &verified).ok());
  EXPECT_TRUE(verified.intact());  // the names are part of the hashed entries
}

TEST_F(DossierWhoActed, DocumentsNameWhoUploadedThemAndBallotsWhoWasEligible) {
  Start();
  v1::UploadDocumentResponse uploaded;
  const grpc::Status status = Upload("TO_TRINH", &uploaded);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ExpectActor(uploaded.document().uploaded_by(), "submitter@U", v1::ROLE_SUBMITTER, "U");
  v1::ListDocumentsRequest list;
  list.set_dossier_id(id_);
  v1::ListDocumentsResponse listed;
  ASSERT_TRUE(stub_->ListDocuments(As(Role::kAppraiser, "U").get(), list, &listed).ok());
  // The fixture uploaded the required documents as the same submitter; each names its uploader.
  ASSERT_GE(listed.documents_size(), 2);
  bool found = false;
  for (const v1::Document& document : listed.documents()) {
    ExpectActor(document.uploaded_by(), "submitter@U", v1::ROLE_SUBMITTER, "U");
    found |= document.id() == uploaded.document().id();
  }
  EXPECT_TRUE(found) << "the new document is listed";

  Submit();
  Accept("U");
  SendToCouncil("U");
  const v1::Dossier opened = OpenVote("U");
  ASSERT_EQ(opened.vote().participants_size(), 3);
  for (const v1::BallotParticipation& p : opened.vote().participants()) {
    EXPECT_EQ(p.full_name(), FullName(p.person_id()));
  }
}

TEST_F(DossierWhoActed, NamesNeverReachTheLogs) {
  Start();
  Submit();
  Accept("U");
  SendToCouncil("U");
  const std::string vote_id = OpenVote("U").vote().vote_id();
  Cast("m1", "U", vote_id, v1::VOTE_CHOICE_YES);
  Cast("m1", "U", vote_id, v1::VOTE_CHOICE_NO, grpc::StatusCode::FAILED_PRECONDITION);  // a refusal is logged
  Do<v1::ForwardDossierRequest, v1::ForwardDossierResponse>(&Stub::ForwardDossier, {}, As(Role::kAppraiser, "U"),
                                                            grpc::StatusCode::FAILED_PRECONDITION);
  const std::string log = log_.str();
  ASSERT_NE(log.find("m1@U"), std::string::npos) << log;  // ids are logged, so the log is not empty
  for (const char* person : {"submitter@U", "appraiser@U", "chair@U", "m1@U", "m2@U"}) {
    EXPECT_EQ(log.find(FullName(person)), std::string::npos) << person;
  }
  EXPECT_EQ(log.find("Nguyễn Văn"), std::string::npos);
}

}  // namespace
}  // namespace tdkt::dossier

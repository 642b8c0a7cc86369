// The decision as printed is what the dossier keeps and returns: number, date, signer, the signer's title, the
// issuing body, the signer in the directory (by default the deciding caller) and the scan, if one is attached.
#include "tests/integration/services/dossier/journey_fixture.h"

namespace tdkt::dossier {
namespace {

namespace v1 = tdkt::v1;

class DossierDecisionRecord : public DossierJourney {
 protected:
  // A dossier for the province's Bằng khen, passed by the three councils: it waits for the province's decider.
  void AwaitDecision() {
    Start();
    Submit();
    PassLevel("U");
    PassLevel("C");
    ASSERT_EQ(PassLevel("P").state(), v1::DOSSIER_STATE_AWAITING_DECISION);
  }

  static v1::Decision Printed() {
    v1::Decision d;
    d.set_number("123/QĐ-UBND");
    *d.mutable_date() = D(2026, 3, 2);
    d.set_signer_name("Trần Văn Bình");
    d.set_signer_title_vi("Chủ tịch UBND tỉnh");
    d.set_issuing_body_vi("UBND tỉnh Phú Thọ");
    return d;
  }

  v1::Dossier Decide(const v1::Decision& decision, grpc::StatusCode expected = grpc::StatusCode::OK) {
    v1::DecideDossierRequest request;
    *request.mutable_decision() = decision;
    return Do<v1::DecideDossierRequest, v1::DecideDossierResponse>(&Stub::DecideDossier, request,
                                                                   As(Role::kDecider, "P"), expected);
  }
};

TEST_F(DossierDecisionRecord, EveryFieldIsStoredAndReturnedAndTheSignerDefaultsToTheCaller) {
  AwaitDecision();
  v1::Decision given = Printed();
  const auto loaded = server_->store().Load(id_);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  ASSERT_FALSE(loaded->row.snapshot.documents.empty()) << "the fixture uploads the required documents";
  given.set_document_id(loaded->row.snapshot.documents.front().id);  // an attached document: the scan
  v1::Decision expected = given;
  expected.set_signer_person_id("decider@P");
  const v1::Dossier decided = Decide(given);
  EXPECT_EQ(decided.decision().SerializeAsString(), expected.SerializeAsString()) << decided.decision().DebugString();
  const v1::Dossier read = Get(id_, Role::kDecider, "P").dossier();
  EXPECT_EQ(read.decision().SerializeAsString(), expected.SerializeAsString()) << read.decision().DebugString();
  // Published, the decision is still whole.
  const v1::Dossier published =
      Do<v1::PublishDossierRequest, v1::PublishDossierResponse>(&Stub::PublishDossier, {}, As(Role::kDecider, "P"));
  EXPECT_EQ(published.decision().SerializeAsString(), expected.SerializeAsString());
}

TEST_F(DossierDecisionRecord, ANamedSignerMustBeInTheDirectoryAndAScanMustBeAttached) {
  AwaitDecision();
  const int64_t version = version_;
  const long long events = Count("event");
  v1::Decision unknown_signer = Printed();
  unknown_signer.set_signer_person_id("nobody@P");
  Decide(unknown_signer, grpc::StatusCode::INVALID_ARGUMENT);
  v1::Decision unknown_scan = Printed();
  unknown_scan.set_document_id("doc-not-attached");
  Decide(unknown_scan, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Get(id_, Role::kDecider, "P").dossier().version(), version);
  EXPECT_EQ(Count("event"), events);

  v1::Decision signed_by_another = Printed();  // the chairman signed; a decider recorded it
  signed_by_another.set_signer_person_id("chair@P");
  EXPECT_EQ(Decide(signed_by_another).decision().signer_person_id(), "chair@P");
}

TEST_F(DossierDecisionRecord, AnExternalDecisionKeepsTheSignersTitleAndTheIssuingBody) {
  Start("BANG_KHEN_THU_TUONG");
  Submit();
  PassLevel("U");
  PassLevel("C");
  ASSERT_EQ(PassLevel("P").state(), v1::DOSSIER_STATE_FORWARDED_EXTERNAL);
  v1::RecordExternalOutcomeRequest outcome;
  outcome.set_outcome(v1::EXTERNAL_OUTCOME_GRANTED);
  v1::Decision* d = outcome.mutable_decision();
  d->set_number("456/QĐ-TTg");
  *d->mutable_date() = D(2026, 3, 2);
  d->set_signer_name("Nguyễn Hòa Bình");
  d->set_signer_title_vi("Phó Thủ tướng Chính phủ");
  d->set_issuing_body_vi("Thủ tướng Chính phủ");
  d->set_signer_person_id("chair@P");  // not a person of this directory's decision: not kept
  const v1::Dossier decided = Do<v1::RecordExternalOutcomeRequest, v1::RecordExternalOutcomeResponse>(
      &Stub::RecordExternalOutcome, outcome, As(Role::kAppraiser, "P"));
  EXPECT_EQ(decided.decision().signer_title_vi(), "Phó Thủ tướng Chính phủ");
  EXPECT_EQ(decided.decision().issuing_body_vi(), "Thủ tướng Chính phủ");
  EXPECT_EQ(decided.decision().signer_name(), "Nguyễn Hòa Bình");
  EXPECT_TRUE(decided.decision().signer_person_id().empty());
  EXPECT_EQ(Get(id_, Role::kAppraiser, "P").dossier().decision().signer_title_vi(), "Phó Thủ tướng Chính phủ");
}

}  // namespace
}  // namespace tdkt::dossier

// BuildTransitionWrite without PostgreSQL: the row after the command, the history entry chained to the previous
// hash, one deadline record per number, the escalation count, the outbox rows and the document rows.
#include "services/dossier/transition_write.h"

#include <gtest/gtest.h>

#include <memory>

#include "services/dossier/history_hash.h"
#include "services/dossier/snapshot_codec.h"
#include "tdkt/v1/events.pb.h"
#include "workflow/loader/catalog_loader.h"
#include "workflow/vietnam_time.h"

namespace tdkt::dossier {
namespace {

namespace wf = workflow;

absl::Time At(int month, int day, int hour = 9) {
  return absl::FromCivil(absl::CivilSecond(2026, month, day, hour, 0, 0), wf::VietnamTimeZone());
}

class TransitionWriteTest : public ::testing::Test {
 protected:
  TransitionWriteTest() {
    auto catalog = wf::loader::LoadCatalog(std::string(TDKT_SOURCE_DIR) + "/data");
    EXPECT_TRUE(catalog.ok()) << catalog.status();
    catalog_ = std::move(*catalog);
    chain_ = *catalog_.ChainOn(absl::CivilDay(2026, 3, 2));
    award_ = *catalog_.AwardOn("BANG_KHEN_TINH", absl::CivilDay(2026, 3, 2));
  }

  // A dossier at the unit U (chain level 0), version 4, held by U, with a history head "h4".
  TransitionState Existing(wf::DossierState state) const {
    TransitionState s;
    s.chain = chain_;
    s.award = award_;
    s.now = At(3, 10);
    s.head_hash = std::string(64, 'a');
    DossierRow& row = s.loaded.row;
    row.tracking_code = "7Q2M-0XKD-AAAA-BBBB";
    row.year = 2025;
    row.nominee_name = "Nguyễn Thị Hoa";
    row.state_changed_at = At(3, 2);
    row.snapshot.id = "d-1";
    row.snapshot.state = state;
    row.snapshot.version = 4;
    row.snapshot.chain_id = chain_->id;
    row.snapshot.chain_version = chain_->version;
    row.snapshot.holder_org_id = "U";
    row.snapshot.origin_org_id = "U";
    row.snapshot.award_code = "BANG_KHEN_TINH";
    row.snapshot.created_at = At(3, 2);
    row.snapshot.updated_at = At(3, 9);
    s.actor = wf::BindActor(wf::Actor{"submitter@U", {{wf::Role::kSubmitter, "U"}}}, "U", "U", {"C", "D", "P"});
    s.acting = ActingAs{.display_name = "Lê Thị Lan", .role = wf::Role::kSubmitter, .org_id = "U"};
    return s;
  }

  // The state machine's result as the write sees it: the next version in `to`, with one event.
  static wf::Transition Moved(const TransitionState& state, wf::DossierState to, wf::EventType event) {
    wf::Transition t{state.loaded.row.snapshot, {}};
    t.dossier.state = to;
    t.dossier.version += 1;
    t.dossier.updated_at = state.now;
    t.effects.events.push_back(wf::Event{event, {}});
    return t;
  }

  static TransitionRequest Request(api::Command command, std::string note = "") {
    TransitionRequest r;
    r.method = "Test";
    r.request_id = "r-1";
    r.dossier_id = "d-1";
    r.note = std::move(note);
    r.command = std::move(command);
    return r;
  }

  static DeadlineRecord Deadline(int no, DeadlineRecordState state, int escalations = 0) {
    DeadlineRecord d;
    d.deadline_no = no;
    d.org_id = "U";
    d.received_at = At(3, 2);
    d.working_days = 10;
    d.due_date = absl::CivilDay(2026, 3, 16);
    d.escalation_count = escalations;
    d.state = state;
    return d;
  }

  wf::catalog::Catalog catalog_;
  const wf::ChainDefinition* chain_ = nullptr;
  const wf::AwardDefinition* award_ = nullptr;
};

TEST_F(TransitionWriteTest, ANewDossierIsInsertedWithItsFirstEntryChainedToTheGenesisHash) {
  TransitionState state;
  state.creating = true;
  state.chain = chain_;
  state.award = award_;
  state.now = At(3, 2);
  state.head_hash = std::string(kGenesisHash);
  state.loaded.row.snapshot.id = "d-new";
  state.loaded.row.tracking_code = "TRACK";
  state.loaded.row.nominee_name = "Nguyễn Thị Hoa";
  state.loaded.row.origin_org_path = {"U", "C", "D", "P"};
  state.actor = wf::BindActor(wf::Actor{"submitter@U", {{wf::Role::kSubmitter, "U"}}}, "U", "U", {"C", "D", "P"});
  state.acting = ActingAs{.display_name = "Lê Thị Lan", .role = wf::Role::kSubmitter, .org_id = "U"};
  const wf::TransitionContext context{.chain = *chain_, .award = *award_, .now = state.now, .next_level_org_id = "",
                                      .expected_version = std::nullopt, .policy = {}};
  auto created = wf::CreateDossier(wf::cmd::Create{.dossier_id = "d-new", .origin_org_id = "U"}, state.actor, context);
  ASSERT_TRUE(created.ok()) << created.status();

  const TransitionWrite write =
      BuildTransitionWrite(state, *created, DeadlinePlan{}, Request(api::Create{.origin_org_id = "U"}));
  EXPECT_FALSE(write.from_version.has_value());  // an INSERT
  EXPECT_EQ(write.row.snapshot.id, "d-new");
  EXPECT_EQ(write.row.snapshot.version, 1);
  EXPECT_EQ(write.row.tracking_code, "TRACK");
  EXPECT_EQ(write.row.origin_org_path, (std::vector<std::string>{"U", "C", "D", "P"}));
  EXPECT_EQ(write.row.state_changed_at, state.now);
  EXPECT_EQ(write.row.current_level, wf::OrgLevel::kUnit);
  EXPECT_EQ(write.event_type, "CREATE");
  EXPECT_EQ(write.actor_id, "submitter@U");
  EXPECT_EQ(write.prev_hash, kGenesisHash);
  EXPECT_EQ(write.event_hash, HistoryHash(kGenesisHash, write.event_payload));
  ASSERT_EQ(write.outbox.size(), 1u);
  EXPECT_EQ(write.outbox[0].type, "EVENT_TYPE_DOSSIER_CREATED");
  EXPECT_NE(write.event_payload.find(write.outbox[0].event_id), std::string::npos);  // the entry names its event
  EXPECT_NE(write.event_payload.find("\"from_state\":\"\""), std::string::npos);
  // The snapshot the entry leaves, by its digest: VerifyHistory checks the dossier row against it.
  EXPECT_NE(write.event_payload.find("\"snapshot_sha256\":\"" + SnapshotDigest(write.row.snapshot) + "\""),
            std::string::npos)
      << write.event_payload;
}

TEST_F(TransitionWriteTest, AnUpdateChecksTheLoadedVersionAndChainsToTheHeadHash) {
  const TransitionState state = Existing(wf::DossierState::kDraft);
  const wf::Transition t = Moved(state, wf::DossierState::kSubmitted, wf::EventType::kSubmitted);
  const TransitionWrite write = BuildTransitionWrite(state, t, DeadlinePlan{}, Request(api::Plain{wf::cmd::Submit{}}, "nộp"));
  ASSERT_TRUE(write.from_version.has_value());
  EXPECT_EQ(*write.from_version, 4);
  EXPECT_EQ(write.row.snapshot.version, 5);
  EXPECT_EQ(write.prev_hash, state.head_hash);
  EXPECT_EQ(write.event_hash, HistoryHash(state.head_hash, write.event_payload));
  EXPECT_EQ(write.event_type, "SUBMIT");
  EXPECT_EQ(write.row.state_changed_at, state.now);
  ASSERT_TRUE(write.row.submitted_at.has_value());
  EXPECT_EQ(*write.row.submitted_at, state.now);
  EXPECT_NE(write.event_payload.find("\"note\":\"nộp\""), std::string::npos);
  ASSERT_EQ(write.outbox.size(), 1u);
  tdkt::v1::EventEnvelope envelope;
  ASSERT_TRUE(envelope.ParseFromString(write.outbox[0].envelope));
  EXPECT_EQ(envelope.dossier_version(), 5);
  EXPECT_EQ(envelope.previous_state(), tdkt::v1::DOSSIER_STATE_DRAFT);
  EXPECT_EQ(envelope.actor().org_id(), "U");
  EXPECT_EQ(envelope.actor().display_name(), "Lê Thị Lan");
  EXPECT_EQ(envelope.actor().role(), tdkt::v1::ROLE_SUBMITTER);
}

TEST_F(TransitionWriteTest, TheHistoryEntryRecordsWhoActedByNameRoleAndOrganisation) {
  TransitionState state = Existing(wf::DossierState::kSubmitted);
  state.acting = ActingAs{.display_name = "Phạm Văn Đức", .role = wf::Role::kAppraiser, .org_id = "C"};
  const wf::Transition t = Moved(state, wf::DossierState::kUnderReview, wf::EventType::kAccepted);
  const TransitionWrite write = BuildTransitionWrite(state, t, DeadlinePlan{}, Request(api::Plain{wf::cmd::Accept{}}));
  // Hashed with the rest of the entry: the name is kept as it was, whatever the directory says later.
  EXPECT_NE(write.event_payload.find("\"name\":\"Phạm Văn Đức\""), std::string::npos) << write.event_payload;
  EXPECT_NE(write.event_payload.find("\"role\":2"), std::string::npos) << write.event_payload;  // ROLE_APPRAISER
  EXPECT_NE(write.event_payload.find("\"org_id\":\"C\""), std::string::npos) << write.event_payload;
  EXPECT_EQ(write.event_hash, HistoryHash(state.head_hash, write.event_payload));
}

TEST_F(TransitionWriteTest, ACommandThatKeepsTheStateKeepsItsDates) {
  TransitionState state = Existing(wf::DossierState::kSubmitted);
  state.loaded.row.submitted_at = At(3, 3);
  const wf::Transition t = Moved(state, wf::DossierState::kSubmitted, wf::EventType::kDocumentAttached);
  const TransitionWrite write = BuildTransitionWrite(state, t, DeadlinePlan{}, Request(api::Plain{wf::cmd::Submit{}}));
  EXPECT_EQ(write.row.state_changed_at, At(3, 2));
  EXPECT_EQ(*write.row.submitted_at, At(3, 3));
}

TEST_F(TransitionWriteTest, PublicationTakesTheRequestedDateElseTodayInVietnam) {
  const TransitionState state = Existing(wf::DossierState::kDecided);
  const wf::Transition t = Moved(state, wf::DossierState::kPublished, wf::EventType::kPublished);
  const absl::CivilDay asked(2026, 3, 12);
  EXPECT_EQ(BuildTransitionWrite(state, t, DeadlinePlan{}, Request(api::Publish{.published_on = asked})).row.published_on,
            asked);
  EXPECT_EQ(BuildTransitionWrite(state, t, DeadlinePlan{}, Request(api::Publish{})).row.published_on,
            absl::CivilDay(2026, 3, 10));
}

TEST_F(TransitionWriteTest, DeadlineRecordsAreOnePerNumberTheLastOneWinning) {
  const TransitionState state = Existing(wf::DossierState::kReturnedForSupplement);
  const wf::Transition t = Moved(state, wf::DossierState::kSubmitted, wf::EventType::kResubmitted);
  DeadlinePlan plan;
  plan.changes.push_back({DeadlineChangeKind::kCleared, Deadline(1, DeadlineRecordState::kCleared), 0});
  plan.changes.push_back({DeadlineChangeKind::kSet, Deadline(2, DeadlineRecordState::kPaused), 10});
  plan.changes.push_back({DeadlineChangeKind::kResumed, Deadline(2, DeadlineRecordState::kRunning), 8});
  plan.live = Deadline(2, DeadlineRecordState::kRunning);
  const TransitionWrite write = BuildTransitionWrite(state, t, plan, Request(api::Plain{wf::cmd::Resubmit{}}));
  ASSERT_EQ(write.deadlines.size(), 2u);
  EXPECT_EQ(write.deadlines[0].deadline_no, 1);
  EXPECT_EQ(write.deadlines[1].deadline_no, 2);
  EXPECT_EQ(write.deadlines[1].state, DeadlineRecordState::kRunning);
  ASSERT_TRUE(write.live_deadline.has_value());
  EXPECT_EQ(write.live_deadline->deadline_no, 2);
  EXPECT_EQ(write.outbox.size(), 4u);  // the event, then one envelope per deadline change
  EXPECT_EQ(write.outbox[3].type, "EVENT_TYPE_DEADLINE_RESUMED");
}

TEST_F(TransitionWriteTest, AnEscalationCountsOnTheLiveDeadlineAndWritesIt) {
  TransitionState state = Existing(wf::DossierState::kSubmitted);
  state.actor = wf::ActorContext::System("scheduler");
  state.loaded.live_deadline = Deadline(3, DeadlineRecordState::kRunning, 1);
  const wf::Transition t = Moved(state, wf::DossierState::kSubmitted, wf::EventType::kDeadlineEscalated);
  DeadlinePlan plan;
  plan.live = state.loaded.live_deadline;
  const api::Escalate escalate{.level = wf::OrgLevel::kUnit, .due_date = absl::CivilDay(2026, 3, 16),
                               .overdue_working_days = 2};
  const TransitionWrite write = BuildTransitionWrite(state, t, plan, Request(escalate, "quá hạn"));
  ASSERT_EQ(write.deadlines.size(), 1u);
  EXPECT_EQ(write.deadlines[0].deadline_no, 3);
  EXPECT_EQ(write.deadlines[0].escalation_count, 2);
  EXPECT_EQ(write.live_deadline->escalation_count, 2);
  EXPECT_EQ(write.actor_id, "scheduler");
  EXPECT_EQ(write.event_type, "ESCALATE");
  tdkt::v1::EventEnvelope envelope;
  ASSERT_TRUE(envelope.ParseFromString(write.outbox[0].envelope));
  EXPECT_EQ(envelope.actor().service(), "scheduler");
  EXPECT_TRUE(envelope.actor().person_id().empty());
}

TEST_F(TransitionWriteTest, AnUploadIsStoredWithWhoWhenAndTheLevelItWasAttachedAt) {
  const TransitionState state = Existing(wf::DossierState::kDraft);
  const wf::Transition t = Moved(state, wf::DossierState::kDraft, wf::EventType::kDocumentAttached);
  DocumentRecord document;
  document.id = "doc-1";
  document.kind = "TO_TRINH";
  const auto content = std::make_shared<const std::string>("%PDF-1.7");
  const TransitionWrite write =
      BuildTransitionWrite(state, t, DeadlinePlan{}, Request(api::UploadDocument{.document = document, .content = content}));
  ASSERT_TRUE(write.new_document.has_value());
  EXPECT_EQ(write.new_document->id, "doc-1");
  EXPECT_EQ(write.new_document->uploaded_by, "submitter@U");
  EXPECT_EQ(write.new_document->uploaded_by_name, "Lê Thị Lan");
  EXPECT_EQ(write.new_document->uploaded_role, wf::Role::kSubmitter);
  EXPECT_EQ(write.new_document->uploaded_org, "U");
  EXPECT_EQ(write.new_document->uploaded_at, state.now);
  EXPECT_EQ(write.new_document->level, wf::OrgLevel::kUnit);
  EXPECT_EQ(write.new_document_content, content);  // shared, not copied
  EXPECT_EQ(write.event_type, "ATTACH_DOCUMENT");
  EXPECT_TRUE(write.removed_document_id.empty());
}

TEST_F(TransitionWriteTest, ARemovalNamesTheDocument) {
  const TransitionState state = Existing(wf::DossierState::kDraft);
  const wf::Transition t = Moved(state, wf::DossierState::kDraft, wf::EventType::kDocumentRemoved);
  const TransitionWrite write = BuildTransitionWrite(
      state, t, DeadlinePlan{}, Request(api::Plain{wf::cmd::RemoveDocument{.document_id = "doc-9"}}));
  EXPECT_EQ(write.removed_document_id, "doc-9");
  EXPECT_FALSE(write.new_document.has_value());
}

}  // namespace
}  // namespace tdkt::dossier

// The rules that keep the dossier service correct, end to end through gRPC on real PostgreSQL: optimistic
// concurrency (sixteen clients released at once), idempotency, a retry after a lost response whose first
// attempt is seen committed, history tampering, bad input, authentication and authorisation, and personal data
// sealed in the dossier row and kept out of events, outbox and logs. The store's own guards, raced directly:
// store_race_test.cc.
#include <atomic>
#include <latch>
#include <thread>

#include "tests/integration/services/dossier/dossier_fixture.h"

namespace tdkt::dossier {
namespace {

using tdkt::v1::AcceptDossierRequest;
using tdkt::v1::AcceptDossierResponse;
using tdkt::v1::SubmitDossierRequest;
using tdkt::v1::SubmitDossierResponse;

using DossierConsistency = DossierServiceTest;

SubmitDossierRequest Submit(const std::string& id, int64_t version, const std::string& request_id) {
  SubmitDossierRequest request;
  request.set_request_id(request_id);
  request.set_dossier_id(id);
  request.set_expected_version(version);
  return request;
}

// A connection for each client, so that all sixteen can be inside their transactions at the same time.
class DossierRace : public DossierServiceTest {
 protected:
  DossierRace() { pool_size_ = 16; }
};

TEST_F(DossierRace, SixteenConcurrentClientsOneWinsPerVersion) {
  const tdkt::v1::Dossier dossier = CreateAt();
  const int64_t v = dossier.version();
  std::atomic<int> ok{0}, aborted{0}, other{0};
  std::vector<std::string> tokens;
  for (int i = 0; i < 16; ++i) tokens.push_back(Token(Person("submitter", "U"), {{Role::kSubmitter, "U"}}));
  // The start barrier: the test holds the dossier's row, so every client's transaction gets as far as its
  // SELECT … FOR UPDATE and waits there; all sixteen are released at once when the test lets go.
  pqxx::connection blocker(url_);
  pqxx::work hold(blocker);
  hold.exec("SELECT 1 FROM dossier.dossier WHERE id = '" + dossier.id() + "' FOR UPDATE");
  std::latch started(16);
  std::vector<std::thread> clients;
  for (int i = 0; i < 16; ++i) {
    clients.emplace_back([&, i] {
      started.arrive_and_wait();
      SubmitDossierResponse response;
      grpc::Status status = stub_->SubmitDossier(WithToken(tokens[static_cast<size_t>(i)]).get(),
                                                 Submit(dossier.id(), v, "race-" + std::to_string(i)), &response);
      if (status.ok()) {
        ++ok;
      } else if (status.error_code() == grpc::StatusCode::ABORTED) {
        ++aborted;
        EXPECT_NE(status.error_message().find("phiên bản " + std::to_string(v + 1)), std::string::npos) << status.error_message();
      } else {
        ++other;
        ADD_FAILURE() << status.error_code() << " " << status.error_message();
      }
    });
  }
  EXPECT_EQ(WaitForLockWaiters(16), 16) << "all sixteen transactions wait for the row at once";
  hold.commit();
  for (std::thread& t : clients) t.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(aborted.load(), 15);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(Get(dossier.id()).dossier().version(), v + 1);
  EXPECT_EQ(Count("event", "dossier_id = '" + dossier.id() + "'"), v + 1);
  EXPECT_EQ(Count("idempotency"), v + 1);  // creation, documents and the one winner
}

TEST_F(DossierConsistency, RepeatedRequestIdReturnsTheFirstResponseAndChangesNothing) {
  const tdkt::v1::Dossier dossier = CreateAt();
  SubmitDossierResponse first, second;
  ASSERT_TRUE(stub_->SubmitDossier(As(Role::kSubmitter, "U").get(), Submit(dossier.id(), dossier.version(), "once"), &first).ok());
  const long long events = Count("event");
  const long long outbox = Count("outbox");
  grpc::Status status = stub_->SubmitDossier(As(Role::kSubmitter, "U").get(), Submit(dossier.id(), dossier.version(), "once"), &second);
  ASSERT_TRUE(status.ok()) << status.error_message();  // the version moved on, yet the replay is OK
  EXPECT_EQ(first.SerializeAsString(), second.SerializeAsString());
  EXPECT_EQ(Count("event"), events);
  EXPECT_EQ(Count("outbox"), outbox);
  EXPECT_EQ(Get(dossier.id()).dossier().version(), dossier.version() + 1);
}

TEST_F(DossierConsistency, ReusedRequestIdWithAnotherRequestIsAlreadyExists) {
  const tdkt::v1::Dossier dossier = CreateAt();
  SubmitDossierResponse response;
  ASSERT_TRUE(stub_->SubmitDossier(As(Role::kSubmitter, "U").get(), Submit(dossier.id(), dossier.version(), "dup"), &response).ok());
  AcceptDossierRequest accept;
  accept.set_request_id("dup");
  accept.set_dossier_id(dossier.id());
  accept.set_expected_version(dossier.version() + 1);
  AcceptDossierResponse accepted;
  EXPECT_EQ(stub_->AcceptDossier(As(Role::kAppraiser, "U").get(), accept, &accepted).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  SubmitDossierRequest changed = Submit(dossier.id(), dossier.version(), "dup");
  changed.set_note_vi("khác");
  EXPECT_EQ(stub_->SubmitDossier(As(Role::kSubmitter, "U").get(), changed, &response).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(Get(dossier.id()).dossier().version(), dossier.version() + 1);
}

TEST_F(DossierConsistency, ClientTimesOutAfterTheServerCommitsAndTheRetryIsAppliedOnce) {
  const tdkt::v1::Dossier dossier = CreateAt();
  const std::string of_dossier = "dossier_id = '" + dossier.id() + "'";
  // The test holds the dossier row locked, so the server's transaction waits past the client's deadline.
  pqxx::connection blocker(url_);
  pqxx::work hold(blocker);
  hold.exec("SELECT 1 FROM dossier.dossier WHERE id = '" + dossier.id() + "' FOR UPDATE");
  grpc::StatusCode lost_code = grpc::StatusCode::OK;
  std::thread client([&] {
    auto context = As(Role::kSubmitter, "U");
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(300));
    SubmitDossierResponse lost;
    lost_code = stub_->SubmitDossier(context.get(), Submit(dossier.id(), dossier.version(), "slow"), &lost).error_code();
  });
  ASSERT_EQ(WaitForLockWaiters(1), 1) << "the server's transaction waits for the row";
  client.join();
  EXPECT_EQ(lost_code, grpc::StatusCode::DEADLINE_EXCEEDED);
  hold.commit();  // the server goes on and commits although nobody waits for the answer
  for (int i = 0; i < 500 && Count("idempotency", "request_id = 'slow'") == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  // The first request committed — before any retry: its history entry, its version and its response are in.
  ASSERT_EQ(Count("idempotency", "request_id = 'slow'"), 1);
  ASSERT_EQ(Count("event", of_dossier), dossier.version() + 1);
  ASSERT_EQ(Count("dossier", "id = '" + dossier.id() + "' AND version = " + std::to_string(dossier.version() + 1) +
                                 " AND state = 'SUBMITTED'"),
            1);
  std::string sealed;
  {
    pqxx::connection connection(url_);
    pqxx::work work(connection);
    sealed = pqxx::binarystring(
                 work.exec1("SELECT response FROM dossier.idempotency WHERE request_id = 'slow'")[0])
                 .str();
  }
  // Stored responses are sealed (they may hold the nominee's ID number), bound to their request id.
  const absl::StatusOr<std::string> recorded =
      common::PiiCipher::FromKeyText(pii_key_)->Open("dossier.idempotency.response:slow", sealed);
  ASSERT_TRUE(recorded.ok()) << recorded.status();

  SubmitDossierResponse retried;
  grpc::Status status = stub_->SubmitDossier(As(Role::kSubmitter, "U").get(), Submit(dossier.id(), dossier.version(), "slow"), &retried);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(retried.SerializeAsString(), *recorded) << "the retry gets the response the first request recorded";
  EXPECT_EQ(retried.dossier().version(), dossier.version() + 1);
  EXPECT_EQ(retried.dossier().state(), tdkt::v1::DOSSIER_STATE_SUBMITTED);
  EXPECT_EQ(Count("event", of_dossier), dossier.version() + 1) << "no second history entry";
  EXPECT_EQ(Count("outbox", "type = 'EVENT_TYPE_DOSSIER_SUBMITTED'"), 1);
}

class HistoryTampering : public DossierServiceTest {
 protected:
  std::string MakeHistory() {  // 6 entries: created, 3 documents attached, submitted, accepted
    const tdkt::v1::Dossier dossier = CreateAt();
    SubmitDossierResponse submitted;
    EXPECT_TRUE(stub_->SubmitDossier(As(Role::kSubmitter, "U").get(), Submit(dossier.id(), dossier.version(), "h-1"), &submitted).ok());
    AcceptDossierRequest accept;
    accept.set_request_id("h-2");
    accept.set_dossier_id(dossier.id());
    accept.set_expected_version(dossier.version() + 1);
    AcceptDossierResponse accepted;
    EXPECT_TRUE(stub_->AcceptDossier(As(Role::kAppraiser, "U").get(), accept, &accepted).ok());
    return dossier.id();
  }
  tdkt::v1::VerifyHistoryResponse Verify(const std::string& id) {
    tdkt::v1::VerifyHistoryRequest request;
    request.set_dossier_id(id);
    tdkt::v1::VerifyHistoryResponse response;
    grpc::Status status = stub_->VerifyHistory(As(Role::kAppraiser, "U").get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }
};

TEST_F(HistoryTampering, IntactHistoryVerifies) {
  const std::string id = MakeHistory();
  const auto result = Verify(id);
  EXPECT_TRUE(result.intact());
  EXPECT_EQ(result.entries_checked(), 6);
  EXPECT_EQ(result.first_broken_sequence(), 0);
  const auto history = Get(id).history();
  ASSERT_EQ(history.size(), 6);
  EXPECT_EQ(history[0].prev_hash(), std::string(64, '0'));
  for (int i = 1; i < 6; ++i) EXPECT_EQ(history[i].prev_hash(), history[i - 1].hash());
  EXPECT_EQ(history[4].action(), tdkt::v1::DOSSIER_ACTION_SUBMIT);
  EXPECT_EQ(result.head_hash(), history[5].hash());
}

TEST_F(HistoryTampering, EditedPayloadIsDetected) {
  const std::string id = MakeHistory();
  Exec("UPDATE dossier.event SET payload = replace(payload, 'SUBMIT', 'SUBMlT') WHERE dossier_id = '" + id +
       "' AND seq = 5");
  const auto result = Verify(id);
  EXPECT_FALSE(result.intact());
  EXPECT_EQ(result.first_broken_sequence(), 5);
  EXPECT_NE(result.expected_hash(), result.stored_hash());
}

TEST_F(HistoryTampering, DeletedEntryIsDetected) {
  const std::string id = MakeHistory();
  Exec("DELETE FROM dossier.event WHERE dossier_id = '" + id + "' AND seq = 3");
  EXPECT_EQ(Verify(id).first_broken_sequence(), 3);
}

TEST_F(HistoryTampering, DeletedLastEntryIsDetected) {
  const std::string id = MakeHistory();
  Exec("DELETE FROM dossier.event WHERE dossier_id = '" + id + "' AND seq = 6");
  const auto result = Verify(id);
  EXPECT_FALSE(result.intact());
  EXPECT_EQ(result.first_broken_sequence(), 6);
}

TEST_F(HistoryTampering, RehashedEditBreaksTheNextLink) {
  const std::string id = MakeHistory();
  // A forger who recomputes the edited row's own hash still breaks the link stored in the next row.
  Exec("UPDATE dossier.event SET payload = payload || ' ', hash = encode(sha256(convert_to(prev_hash || "
       "E'\\n' || payload || ' ', 'UTF8')), 'hex') WHERE dossier_id = '" + id + "' AND seq = 4");
  EXPECT_EQ(Verify(id).first_broken_sequence(), 5);
}

TEST_F(DossierConsistency, BadInputIsInvalidArgumentAndWritesNothing) {
  const tdkt::v1::Dossier dossier = CreateAt();
  const std::vector<std::string> tables = {"dossier", "event", "deadline", "outbox", "idempotency"};
  std::vector<long long> before;
  for (const std::string& t : tables) before.push_back(Count(t));
  SubmitDossierResponse response;
  auto expect_invalid = [&](const SubmitDossierRequest& request, const char* what) {
    EXPECT_EQ(stub_->SubmitDossier(As(Role::kSubmitter, "U").get(), request, &response).error_code(),
              grpc::StatusCode::INVALID_ARGUMENT)
        << what;
  };
  expect_invalid(Submit(dossier.id(), dossier.version(), std::string(10 * 1024, 'r')), "10 KB request_id");
  expect_invalid(Submit(dossier.id(), dossier.version(), ""), "no request_id");
  expect_invalid(Submit(dossier.id(), -1, "neg"), "negative version");
  expect_invalid(Submit(std::string(200, 'd'), 1, "long-id"), "long dossier id");
  SubmitDossierRequest long_note = Submit(dossier.id(), dossier.version(), "note");
  long_note.set_note_vi(std::string(2001, 'x'));
  expect_invalid(long_note, "2001-byte note");

  tdkt::v1::CastVoteRequest vote;
  vote.set_request_id("v");
  vote.set_dossier_id(dossier.id());
  vote.set_vote_id("x");
  vote.set_choice(static_cast<tdkt::v1::VoteChoice>(42));
  tdkt::v1::CastVoteResponse voted;
  EXPECT_EQ(stub_->CastVote(As(Role::kCouncilMember, "U").get(), vote, &voted).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  tdkt::v1::CreateDossierRequest create;
  create.set_request_id("c");
  create.set_award_code("BANG_KHEN_TINH");
  create.set_year(2025);
  create.set_origin_org_id("U");
  create.mutable_nominee()->set_kind(static_cast<tdkt::v1::NomineeKind>(9));
  create.mutable_nominee()->set_name("A");
  tdkt::v1::CreateDossierResponse created;
  EXPECT_EQ(stub_->CreateDossier(As(Role::kSubmitter, "U").get(), create, &created).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  tdkt::v1::FileComplaintRequest complaint;
  complaint.set_request_id("f");
  complaint.set_dossier_id(dossier.id());
  complaint.set_expected_version(dossier.version());
  complaint.set_concerning_level(static_cast<tdkt::v1::OrgLevel>(77));
  tdkt::v1::FileComplaintResponse complained;
  EXPECT_EQ(stub_->FileComplaint(As(Role::kSubmitter, "U").get(), complaint, &complained).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  tdkt::v1::DecideDossierRequest decide;
  decide.set_request_id("d");
  decide.set_dossier_id(dossier.id());
  decide.set_expected_version(dossier.version());
  decide.mutable_decision()->set_number("1/QĐ");
  *decide.mutable_decision()->mutable_date() = [] { tdkt::v1::Date d; d.set_year(2026); d.set_month(2); d.set_day(30); return d; }();
  tdkt::v1::DecideDossierResponse decided;
  EXPECT_EQ(stub_->DecideDossier(As(Role::kDecider, "P").get(), decide, &decided).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  // Invalid UTF-8 in a proto3 string never reaches the handler (protobuf refuses to parse it); GrpcServer
  // reports it as INVALID_ARGUMENT all the same.
  SubmitDossierRequest bad_utf8 = Submit(dossier.id(), dossier.version(), "utf8");
  bad_utf8.set_note_vi("Ghi ch\xC3\x28");
  const grpc::Status refused = stub_->SubmitDossier(As(Role::kSubmitter, "U").get(), bad_utf8, &response);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(refused.error_message().find("UTF-8"), std::string::npos) << refused.error_message();
  for (size_t i = 0; i < tables.size(); ++i) EXPECT_EQ(Count(tables[i]), before[i]) << tables[i];
}

// A NUL byte is valid UTF-8 that libpqxx would silently cut the name at; other control characters and a
// decomposed (NFD) spelling would be stored as they came.
TEST_F(DossierConsistency, ControlCharactersInANomineeNameAreInvalidArgument) {
  tdkt::v1::CreateDossierRequest create;
  create.set_request_id("nul");
  create.set_award_code("BANG_KHEN_TINH");
  create.set_year(2025);
  create.set_origin_org_id("U");
  create.mutable_nominee()->set_kind(tdkt::v1::NOMINEE_KIND_INDIVIDUAL);
  create.mutable_nominee()->set_name(std::string("Nguyễn") + '\0' + "Hoa");
  tdkt::v1::CreateDossierResponse created;
  grpc::Status status = stub_->CreateDossier(As(Role::kSubmitter, "U").get(), create, &created);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  create.set_request_id("esc");
  create.mutable_nominee()->set_name("Nguyễn\x1bHoa");  // ESC
  status = stub_->CreateDossier(As(Role::kSubmitter, "U").get(), create, &created);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  create.set_request_id("nfd");
  create.mutable_nominee()->set_name("Nguye\xCC\x82\xCC\x83n Hoa");  // "Nguyễn" decomposed (NFD)
  status = stub_->CreateDossier(As(Role::kSubmitter, "U").get(), create, &created);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_EQ(Count("dossier"), 0);
  EXPECT_EQ(Count("idempotency"), 0);
}

TEST_F(DossierConsistency, CallersMustBeAuthenticatedAndAuthorised) {
  const tdkt::v1::Dossier dossier = CreateAt();
  SubmitDossierResponse response;
  EXPECT_EQ(stub_->SubmitDossier(WithToken("").get(), Submit(dossier.id(), dossier.version(), "a-1"), &response).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(stub_->SubmitDossier(WithToken("not.a.token").get(), Submit(dossier.id(), dossier.version(), "a-2"), &response).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  auto other_key = auth::SigningKey::Generate(clock_.Now() - absl::Hours(1));
  ASSERT_TRUE(other_key.ok());
  auto forged = auth::IssueAccessToken({Person("submitter", "U"), {{Role::kSubmitter, "U"}}, std::nullopt},
                                       *other_key, clock_);
  ASSERT_TRUE(forged.ok());
  EXPECT_EQ(stub_->SubmitDossier(WithToken(forged->token).get(), Submit(dossier.id(), dossier.version(), "a-3"), &response).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  // A submitter of another unit may neither act on nor read the dossier.
  EXPECT_EQ(stub_->SubmitDossier(As(Role::kSubmitter, "U2").get(), Submit(dossier.id(), dossier.version(), "a-4"), &response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  tdkt::v1::GetDossierRequest get;
  get.set_dossier_id(dossier.id());
  tdkt::v1::GetDossierResponse got;
  EXPECT_EQ(stub_->GetDossier(As(Role::kSubmitter, "U2").get(), get, &got).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // The appraiser of the commune may not accept at the unit level (wrong state anyway: still a draft).
  EXPECT_EQ(stub_->SubmitDossier(As(Role::kAppraiser, "U").get(), Submit(dossier.id(), dossier.version(), "a-5"), &response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Count("event"), dossier.version());
}

TEST_F(DossierConsistency, NomineeIdNumberIsSealedInTheDossierRowOnly) {
  const tdkt::v1::Dossier dossier = CreateAt();
  SubmitDossierResponse response;
  ASSERT_TRUE(stub_->SubmitDossier(As(Role::kSubmitter, "U").get(), Submit(dossier.id(), dossier.version(), "p-1"), &response).ok());
  // A command's response shows what GetDossier shows its caller (workflow/visibility.h).
  EXPECT_EQ(response.dossier().nominee().id_number(), kNomineeIdNumber);
  EXPECT_EQ(Get(dossier.id(), Role::kSubmitter, "U").dossier().nominee().id_number(), kNomineeIdNumber);
  EXPECT_EQ(Get(dossier.id(), Role::kAppraiser, "U").dossier().nominee().id_number(), kNomineeIdNumber);
  EXPECT_TRUE(Get(dossier.id(), Role::kAppraiser, "P").dossier().nominee().id_number().empty());  // from above
  const auto member_view = Get(dossier.id(), Role::kCouncilMember, "U").dossier().nominee();
  EXPECT_TRUE(member_view.id_number().empty());
  EXPECT_TRUE(member_view.personal_data_redacted());
  for (const char* table : {"dossier", "event", "outbox", "idempotency", "deadline"}) {
    EXPECT_EQ(AllText(table).find(kNomineeIdNumber), std::string::npos) << table;
  }
  // bytea is rendered as hex by ::text: look for the digits' hex form as well.
  for (const char* table : {"dossier", "outbox", "idempotency"}) {
    EXPECT_EQ(AllText(table).find("303031303838313233343536"), std::string::npos) << table;
  }
  EXPECT_EQ(log_.str().find(kNomineeIdNumber), std::string::npos);
}

}  // namespace
}  // namespace tdkt::dossier

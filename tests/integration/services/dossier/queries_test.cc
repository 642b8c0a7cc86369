// ListInbox, SearchDossiers and GetPublicStatus through gRPC on real PostgreSQL: inbox order (overdue first,
// no due date last) and keyset pages without gaps or duplicates; every search filter including
// accent-insensitive names ("nguyen van" finds "Nguyễn Văn", "dong" finds "Đồng"); the organisation-subtree
// restriction; drafts for their unit only; personal data only for roles that need it; public status without
// personal data.
#include <algorithm>
#include <cctype>
#include <set>

#include "workflow/vietnam_time.h"
#include "services/common/paging.h"
#include "services/dossier/random_ids.h"
#include "services/dossier/tracking_code.h"
#include "tests/integration/services/dossier/dossier_fixture.h"

namespace tdkt::dossier {
namespace {

namespace v1 = tdkt::v1;

class DossierQueries : public DossierServiceTest {
 protected:
  void SetUp() override {
    DossierServiceTest::SetUp();
    // A second district: P → D2 → C2 → U3.
    directory_.AddOrganisation("D2", OrgLevel::kDistrict, "P");
    directory_.AddOrganisation("C2", OrgLevel::kCommune, "D2");
    directory_.AddOrganisation("U3", OrgLevel::kUnit, "C2");
  }

  v1::Dossier Create(const std::string& origin, const std::string& name, int year = 2025) {
    v1::CreateDossierRequest request;
    request.set_request_id(NextRequestId());
    request.set_award_code("BANG_KHEN_TINH");
    request.set_year(year);
    request.set_origin_org_id(origin);
    request.mutable_nominee()->set_kind(v1::NOMINEE_KIND_INDIVIDUAL);
    request.mutable_nominee()->set_name(name);
    request.mutable_nominee()->set_id_number(kNomineeIdNumber);
    v1::CreateDossierResponse response;
    grpc::Status status = stub_->CreateDossier(As(Role::kSubmitter, origin).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.dossier();
  }

  // DRAFT → SUBMITTED (held by the origin unit, whose appraisal deadline starts today).
  void Submit(const std::string& id, const std::string& origin = "U") {
    AttachRequiredDocuments(id, "BANG_KHEN_TINH", origin);
    v1::SubmitDossierRequest request;
    request.set_request_id(NextRequestId());
    request.set_dossier_id(id);
    request.set_expected_version(Get(id, Role::kSubmitter, origin).dossier().version());
    v1::SubmitDossierResponse response;
    grpc::Status status = stub_->SubmitDossier(As(Role::kSubmitter, origin).get(), request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  grpc::Status Inbox(std::unique_ptr<grpc::ClientContext> context, v1::ListInboxRequest request,
                     v1::ListInboxResponse* response) {
    return stub_->ListInbox(context.get(), request, response);
  }

  // Every page of the inbox of `person` with `grants`, page_size at a time.
  std::vector<std::string> InboxIds(const std::string& person, std::vector<workflow::RoleGrant> grants,
                                    int page_size, int* pages = nullptr) {
    std::vector<std::string> ids;
    v1::ListInboxRequest request;
    request.mutable_page()->set_page_size(page_size);
    int count = 0;
    do {
      v1::ListInboxResponse response;
      grpc::Status status = Inbox(AsPerson(person, grants), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      EXPECT_LE(response.items_size(), page_size);
      for (const v1::InboxItem& item : response.items()) ids.push_back(item.dossier().id());
      request.mutable_page()->set_page_token(response.page().next_page_token());
      ++count;
    } while (!request.page().page_token().empty() && count < 100);
    if (pages != nullptr) *pages = count;
    return ids;
  }

  std::vector<std::string> SearchIds(std::unique_ptr<grpc::ClientContext> context, v1::SearchDossiersRequest request,
                                     grpc::StatusCode expected = grpc::StatusCode::OK) {
    v1::SearchDossiersResponse response;
    grpc::Status status = stub_->SearchDossiers(context.get(), request, &response);
    EXPECT_EQ(status.error_code(), expected) << status.error_message();
    std::vector<std::string> ids;
    for (const v1::Dossier& d : response.dossiers()) ids.push_back(d.id());
    return ids;
  }
  static v1::SearchDossiersRequest ByName(const std::string& name) {
    v1::SearchDossiersRequest request;
    request.set_nominee_name(name);
    return request;
  }
};

TEST_F(DossierQueries, InboxListsOverdueFirstNoDueDateLastAndPagesWithoutGapsOrDuplicates) {
  const absl::TimeZone vn = workflow::VietnamTimeZone();
  // Submitted Monday 03-02: due 03-16 (10 working days). Tuesday 03-03: due 03-17. Wednesday: due 03-18.
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(Create("U", "Phạm Văn " + std::to_string(i)).id());
  Submit(ids[0]);
  Submit(ids[3]);
  clock_.Set(absl::FromCivil(absl::CivilSecond(2026, 3, 3, 8, 0, 0), vn));
  Submit(ids[1]);
  clock_.Set(absl::FromCivil(absl::CivilSecond(2026, 3, 4, 8, 0, 0), vn));
  Submit(ids[2]);
  // ids[4] stays a DRAFT: work for the submitter, no due date.
  clock_.Set(absl::FromCivil(absl::CivilSecond(2026, 3, 17, 8, 0, 0), vn));

  const std::vector<workflow::RoleGrant> both = {{Role::kAppraiser, "U"}, {Role::kSubmitter, "U"}};
  std::vector<std::string> expected = {std::min(ids[0], ids[3]), std::max(ids[0], ids[3]), ids[1], ids[2], ids[4]};
  EXPECT_EQ(InboxIds("both@U", both, 50), expected);

  v1::ListInboxRequest request;
  v1::ListInboxResponse first;
  ASSERT_TRUE(Inbox(AsPerson("both@U", both), request, &first).ok());
  ASSERT_EQ(first.items_size(), 5);
  EXPECT_TRUE(first.items(0).dossier().deadline().overdue());
  EXPECT_TRUE(first.items(1).dossier().deadline().overdue());
  EXPECT_FALSE(first.items(2).dossier().deadline().overdue());  // due today
  EXPECT_TRUE(first.page().next_page_token().empty());
  // Allowed actions come from the core's table: the appraiser may accept a SUBMITTED dossier.
  bool may_accept = false;
  for (int a : first.items(0).allowed_actions()) may_accept |= a == v1::DOSSIER_ACTION_ACCEPT;
  EXPECT_TRUE(may_accept);

  // Pages of 2: three pages, the same order, nothing missed or repeated.
  int pages = 0;
  EXPECT_EQ(InboxIds("both@U", both, 2, &pages), expected);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(InboxIds("both@U", both, 1, &pages), expected);
  EXPECT_EQ(pages, 5);

  // One role at a time: the appraiser's SUBMITTED dossiers, the submitter's DRAFT.
  EXPECT_EQ(InboxIds(Person("appraiser", "U"), {{Role::kAppraiser, "U"}}, 50),
            std::vector<std::string>(expected.begin(), expected.begin() + 4));
  EXPECT_EQ(InboxIds(Person("submitter", "U"), {{Role::kSubmitter, "U"}}, 50), std::vector<std::string>{ids[4]});
  request.set_role(v1::ROLE_SUBMITTER);
  v1::ListInboxResponse by_role;
  ASSERT_TRUE(Inbox(AsPerson("both@U", both), request, &by_role).ok());
  ASSERT_EQ(by_role.items_size(), 1);
  EXPECT_EQ(by_role.items(0).dossier().id(), ids[4]);
  request.clear_role();
  request.add_states(v1::DOSSIER_STATE_SUBMITTED);
  v1::ListInboxResponse by_state;
  ASSERT_TRUE(Inbox(AsPerson("both@U", both), request, &by_state).ok());
  EXPECT_EQ(by_state.items_size(), 4);

  // Nothing waits at the commune; the unit's other organisation is not the commune appraiser's.
  EXPECT_TRUE(InboxIds(Person("appraiser", "C"), {{Role::kAppraiser, "C"}}, 50).empty());
}

TEST_F(DossierQueries, InboxRefusesBadRequestsAndOrganisationsTheCallerDoesNotHold) {
  Create("U", "Phạm Văn A");
  const long long events = Count("event");
  v1::ListInboxRequest request;
  v1::ListInboxResponse response;
  request.mutable_page()->set_page_size(-1);
  EXPECT_EQ(Inbox(As(Role::kSubmitter, "U"), request, &response).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  request.mutable_page()->set_page_size(10);
  request.mutable_page()->set_page_token("not a token");
  EXPECT_EQ(Inbox(As(Role::kSubmitter, "U"), request, &response).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  request.mutable_page()->clear_page_token();
  request.add_states(static_cast<v1::DossierState>(99));
  EXPECT_EQ(Inbox(As(Role::kSubmitter, "U"), request, &response).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  request.clear_states();
  request.set_org_id("C");
  EXPECT_EQ(Inbox(As(Role::kSubmitter, "U"), request, &response).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  request.set_org_id("U");
  request.set_role(v1::ROLE_DECIDER);
  EXPECT_EQ(Inbox(As(Role::kSubmitter, "U"), request, &response).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Inbox(WithToken(""), {}, &response).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  request.set_role(v1::ROLE_SUBMITTER);
  request.mutable_page()->set_page_size(1000);  // clamped, not refused
  ASSERT_TRUE(Inbox(As(Role::kSubmitter, "U"), request, &response).ok());
  EXPECT_EQ(response.items_size(), 1);
  EXPECT_EQ(Count("event"), events);
}

TEST_F(DossierQueries, SearchFindsNamesAccentInsensitivelyAndByEachFilter) {
  const std::string an = Create("U", "Nguyễn Văn An").id();
  const std::string dong = Create("U2", "Trần Thị Đồng").id();
  const std::string binh = Create("U", "Lê Văn Bình", 2024).id();
  const std::string other = Create("U3", "Nguyễn Văn Cường").id();  // another district
  const std::string draft = Create("U", "Nguyễn Văn Nháp").id();   // a draft: its unit's alone
  Submit(dong, "U2");
  Submit(binh);
  Submit(other, "U3");
  clock_.Advance(absl::Minutes(1));
  Submit(an);

  auto commune = [&] { return As(Role::kAppraiser, "C"); };
  EXPECT_EQ(SearchIds(commune(), ByName("nguyen van")), std::vector<std::string>{an});
  EXPECT_EQ(SearchIds(commune(), ByName("NGUYỄN  VĂN")), std::vector<std::string>{an});
  EXPECT_EQ(SearchIds(commune(), ByName("dong")), std::vector<std::string>{dong});
  EXPECT_EQ(SearchIds(commune(), ByName("Đồng")), std::vector<std::string>{dong});
  EXPECT_EQ(SearchIds(commune(), ByName("Tra\xCC\x80n")), std::vector<std::string>{dong});  // NFD "Trần"
  EXPECT_EQ(SearchIds(commune(), ByName("van b")), std::vector<std::string>{binh});
  EXPECT_TRUE(SearchIds(commune(), ByName("%")).empty());  // LIKE metacharacters match themselves
  EXPECT_TRUE(SearchIds(commune(), ByName("_")).empty());

  // Everything the commune may see, newest update first: the other district's dossier is not there.
  const std::vector<std::string> all = SearchIds(commune(), {});
  EXPECT_EQ(std::set<std::string>(all.begin(), all.end()), (std::set<std::string>{an, dong, binh}));
  EXPECT_EQ(all.front(), an);  // submitted last

  v1::SearchDossiersRequest request;
  request.add_states(v1::DOSSIER_STATE_SUBMITTED);
  EXPECT_EQ(SearchIds(commune(), request).size(), 3u);
  request.Clear();
  request.add_states(v1::DOSSIER_STATE_DRAFT);
  EXPECT_TRUE(SearchIds(commune(), request).empty());
  EXPECT_EQ(SearchIds(As(Role::kSubmitter, "U"), request), std::vector<std::string>{draft});
  request.Clear();
  request.set_year(2024);
  EXPECT_EQ(SearchIds(commune(), request), std::vector<std::string>{binh});
  request.Clear();
  request.set_award_code("BANG_KHEN_TINH");
  EXPECT_EQ(SearchIds(commune(), request).size(), 3u);
  request.set_award_code("GIAY_KHEN");
  EXPECT_TRUE(SearchIds(commune(), request).empty());
  request.Clear();
  request.set_level(v1::ORG_LEVEL_UNIT);
  EXPECT_EQ(SearchIds(commune(), request).size(), 3u);
  request.set_level(v1::ORG_LEVEL_PROVINCE);
  EXPECT_TRUE(SearchIds(commune(), request).empty());
  request.Clear();
  request.set_org_subtree_id("U2");
  EXPECT_EQ(SearchIds(commune(), request), std::vector<std::string>{dong});

  // The province sees both districts, and can narrow to one.
  auto province = [&] { return As(Role::kAppraiser, "P"); };
  EXPECT_EQ(SearchIds(province(), ByName("nguyen van")).size(), 2u);
  request.Clear();
  request.set_org_subtree_id("D2");
  EXPECT_EQ(SearchIds(province(), request), std::vector<std::string>{other});
  // The commune may not search another district's subtree, nor may the other district see this one.
  EXPECT_TRUE(SearchIds(commune(), request, grpc::StatusCode::PERMISSION_DENIED).empty());
  EXPECT_EQ(SearchIds(As(Role::kAppraiser, "C2"), {}), std::vector<std::string>{other});
  EXPECT_TRUE(SearchIds(As(Role::kSubmitter, "U2"), ByName("nguyen")).empty());

  // Keyset pages of one: every visible dossier once.
  std::vector<std::string> paged;
  request.Clear();
  request.mutable_page()->set_page_size(1);
  for (int i = 0; i < 10; ++i) {
    v1::SearchDossiersResponse response;
    ASSERT_TRUE(stub_->SearchDossiers(commune().get(), request, &response).ok());
    for (const v1::Dossier& d : response.dossiers()) paged.push_back(d.id());
    if (response.page().next_page_token().empty()) break;
    request.mutable_page()->set_page_token(response.page().next_page_token());
  }
  EXPECT_EQ(paged, all);

  request.Clear();
  request.mutable_page()->set_page_size(-5);
  SearchIds(commune(), request, grpc::StatusCode::INVALID_ARGUMENT);
  request.Clear();
  request.add_states(v1::DOSSIER_STATE_UNSPECIFIED);
  SearchIds(commune(), request, grpc::StatusCode::INVALID_ARGUMENT);
  request.Clear();
  request.set_nominee_name(std::string(201, 'a'));
  SearchIds(commune(), request, grpc::StatusCode::INVALID_ARGUMENT);
  request.Clear();
  request.mutable_page()->set_page_token(common::EncodePageToken("inbox", v1::ListInboxRequest().SerializeAsString(),
                                                                  {"", "x"}));  // a token of the inbox
  SearchIds(commune(), request, grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(DossierQueries, APageTokenIsRefusedWithAnotherFilter) {
  Create("U", "Nguyễn Văn An");
  Create("U", "Nguyễn Văn Bình");
  Create("U", "Nguyễn Văn Cường");
  auto commune = [&] { return As(Role::kSubmitter, "U"); };  // drafts: the unit sees them
  v1::SearchDossiersRequest request = ByName("nguyen van");
  request.mutable_page()->set_page_size(1);
  v1::SearchDossiersResponse first;
  ASSERT_TRUE(stub_->SearchDossiers(commune().get(), request, &first).ok());
  ASSERT_FALSE(first.page().next_page_token().empty());
  request.mutable_page()->set_page_token(first.page().next_page_token());
  EXPECT_EQ(SearchIds(commune(), request).size(), 1u);  // the same filter goes on
  v1::SearchDossiersRequest other = request;
  other.set_nominee_name("nguyen");
  SearchIds(commune(), other, grpc::StatusCode::INVALID_ARGUMENT);
  other = request;
  other.set_year(2025);
  SearchIds(commune(), other, grpc::StatusCode::INVALID_ARGUMENT);

  // The inbox likewise: a token of the unfiltered inbox is no token for one state.
  const std::vector<workflow::RoleGrant> grants{{Role::kSubmitter, "U"}};
  v1::ListInboxRequest inbox;
  inbox.mutable_page()->set_page_size(1);
  v1::ListInboxResponse page;
  ASSERT_TRUE(Inbox(AsPerson(Person("submitter", "U"), grants), inbox, &page).ok());
  ASSERT_FALSE(page.page().next_page_token().empty());
  inbox.mutable_page()->set_page_token(page.page().next_page_token());
  inbox.add_states(v1::DOSSIER_STATE_DRAFT);
  EXPECT_EQ(Inbox(AsPerson(Person("submitter", "U"), grants), inbox, &page).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(DossierQueries, SearchShowsTheIdNumberOnlyToRolesThatNeedIt) {
  const std::string id = Create("U", "Nguyễn Văn An").id();
  auto search = [&](Role role, const std::string& org) {
    v1::SearchDossiersResponse response;
    EXPECT_TRUE(stub_->SearchDossiers(As(role, org).get(), ByName("an"), &response).ok());
    EXPECT_EQ(response.dossiers_size(), 1);
    return response.dossiers_size() == 1 ? response.dossiers(0).nominee() : v1::Nominee();
  };
  EXPECT_EQ(search(Role::kSubmitter, "U").id_number(), kNomineeIdNumber);
  EXPECT_EQ(search(Role::kAppraiser, "U").id_number(), kNomineeIdNumber);
  const v1::Nominee member = search(Role::kCouncilMember, "U");
  EXPECT_TRUE(member.id_number().empty());
  EXPECT_TRUE(member.personal_data_redacted());
  Submit(id);
  // The commune, above the unit holding it, sees where it is, not the ID number.
  const v1::Nominee commune = search(Role::kAppraiser, "C");
  EXPECT_TRUE(commune.id_number().empty());
  EXPECT_TRUE(commune.personal_data_redacted());
}

TEST_F(DossierQueries, PublicStatusShowsStateAndDatesButNoPersonalData) {
  const v1::Dossier created = Create("U", "Nguyễn Văn An");
  Submit(created.id());
  std::string typed = created.tracking_code();  // typed in lower case without separators
  typed.erase(std::remove(typed.begin(), typed.end(), '-'), typed.end());
  for (char& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));

  v1::GetPublicStatusRequest request;
  request.set_tracking_code(typed);
  v1::GetPublicStatusResponse response;
  grpc::Status status = stub_->GetPublicStatus(WithToken("").get(), request, &response);  // no token needed
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.status().tracking_code(), created.tracking_code());
  EXPECT_EQ(response.status().state(), v1::DOSSIER_STATE_SUBMITTED);
  EXPECT_EQ(response.status().current_level(), v1::ORG_LEVEL_UNIT);
  EXPECT_EQ(response.status().due_date().day(), 16);
  EXPECT_TRUE(response.status().has_submitted_at());
  const std::string bytes = response.SerializeAsString();
  EXPECT_EQ(bytes.find("Nguy"), std::string::npos);
  EXPECT_EQ(bytes.find(kNomineeIdNumber), std::string::npos);
  EXPECT_EQ(bytes.find(created.id()), std::string::npos);
  EXPECT_EQ(bytes.find("submitter"), std::string::npos);

  // Unknown and malformed codes: the same code and message.
  std::string unknown = NewTrackingCode();
  request.set_tracking_code(unknown);
  grpc::Status a = stub_->GetPublicStatus(WithToken("").get(), request, &response);
  request.set_tracking_code("'; DROP TABLE dossier.dossier; --");
  grpc::Status b = stub_->GetPublicStatus(WithToken("").get(), request, &response);
  request.set_tracking_code(std::string(10000, 'A'));
  grpc::Status c = stub_->GetPublicStatus(WithToken("").get(), request, &response);
  for (const grpc::Status& s : {a, b, c}) {
    EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
    EXPECT_EQ(s.error_message(), a.error_message());
  }
}

TEST(TrackingCodes, CarryEightyRandomBitsInCanonicalGroups) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string code = NewTrackingCode();
    ASSERT_EQ(code.size(), 19u);  // 16 base32 symbols × 5 bits = 80 bits, in four groups
    EXPECT_EQ(CanonicalTrackingCode(code), code);
    seen.insert(code);
  }
  EXPECT_EQ(seen.size(), 1000u);
  EXPECT_EQ(CanonicalTrackingCode("abcd efgh-jkmn pqrs"), "ABCD-EFGH-JKMN-PQRS");
  EXPECT_EQ(CanonicalTrackingCode("iIlL-oO00-0000-0000"), "1111-0000-0000-0000");
  EXPECT_FALSE(CanonicalTrackingCode("ABCD-EFGH-JKMN-PQR").has_value());
  EXPECT_FALSE(CanonicalTrackingCode("ABCD-EFGH-JKMN-PQRU").has_value());  // U is not Crockford
}

}  // namespace
}  // namespace tdkt::dossier

// The list RPCs page by keyset (services/common/paging.h): small pages walk through exactly what one large page
// holds, a page token serves only the list and filter it came from, and a row added before the cursor does not
// shift the next page.
#include <set>

#include "tests/integration/services/directory/directory_fixture.h"

namespace tdkt::directory {
namespace {

using grpc::StatusCode;

// The ids of every item of a list, fetched `page_size` at a time by `call` (request, response) → status.
template <typename Response, typename Request, typename Call, typename Items>
std::vector<std::string> Walk(Request request, int page_size, Call call, Items items) {
  std::vector<std::string> ids;
  request.mutable_page()->set_page_size(page_size);
  for (int pages = 0; pages < 100; ++pages) {
    Response response;
    const grpc::Status status = call(request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    if (!status.ok()) break;
    for (const auto& item : items(response)) ids.push_back(item.id());
    if (response.page().next_page_token().empty()) break;
    request.mutable_page()->set_page_token(response.page().next_page_token());
  }
  return ids;
}

class ListsTest : public DirectoryServiceTest {
 protected:
  void SetUp() override {
    DirectoryServiceTest::SetUp();
    ASSERT_TRUE(ImportDemo().ok());
    province_ = Org("PT", D(2024, 5, 1)).id();
  }

  std::vector<std::string> People(const tdkt::v1::ListPeopleRequest& request, int page_size) {
    return Walk<tdkt::v1::ListPeopleResponse>(
        request, page_size, [&](const auto& r, auto* out) { return stub_->ListPeople(As("1;ADMIN@*").get(), r, out); },
        [](const auto& response) -> const auto& { return response.people(); });
  }

  std::string province_;
};

TEST_F(ListsTest, SmallPagesWalkThroughWhatOnePageHoldsInTheSameOrder) {
  tdkt::v1::ListSubtreeOrganizationsRequest subtree;
  subtree.set_root_id(province_);
  *subtree.mutable_as_of() = D(2024, 5, 1);
  auto subtree_ids = [&](int page_size) {
    return Walk<tdkt::v1::ListSubtreeOrganizationsResponse>(
        subtree, page_size,
        [&](const auto& r, auto* out) { return stub_->ListSubtreeOrganizations(As("7").get(), r, out); },
        [](const auto& response) -> const auto& { return response.organizations(); });
  };
  EXPECT_EQ(subtree_ids(200).size(), 19u);
  EXPECT_EQ(subtree_ids(4), subtree_ids(200));

  EXPECT_EQ(People({}, 200).size(), 37u);
  EXPECT_EQ(People({}, 5), People({}, 200));

  tdkt::v1::ListRoleAssignmentsRequest roles;
  roles.set_org_id(province_);
  auto role_ids = [&](int page_size) {
    return Walk<tdkt::v1::ListRoleAssignmentsResponse>(
        roles, page_size, [&](const auto& r, auto* out) { return stub_->ListRoleAssignments(As("7").get(), r, out); },
        [](const auto& response) -> const auto& { return response.assignments(); });
  };
  EXPECT_EQ(role_ids(200).size(), 4u);
  EXPECT_EQ(role_ids(1), role_ids(200));

  // An earlier term of the province's council: two councils, newest first.
  tdkt::v1::CreateCouncilRequest earlier;
  earlier.set_request_id("earlier-term");
  earlier.mutable_council()->set_org_id(province_);
  earlier.mutable_council()->set_name_vi("Hội đồng Thi đua – Khen thưởng tỉnh Phú Thọ (nhiệm kỳ trước)");
  *earlier.mutable_council()->mutable_term_from() = D(2016, 6, 1);
  *earlier.mutable_council()->mutable_term_until() = D(2021, 5, 31);
  tdkt::v1::CouncilMember* chair = earlier.mutable_council()->add_members();
  chair->set_person_id(PersonId("ct.tinh"));
  chair->set_position(tdkt::v1::COUNCIL_POSITION_CHAIR);
  chair->set_voting(true);
  tdkt::v1::CreateCouncilResponse created;
  const grpc::Status status = stub_->CreateCouncil(As("1;ADMIN@*").get(), earlier, &created);
  ASSERT_TRUE(status.ok()) << status.error_message();
  tdkt::v1::ListCouncilsRequest councils;
  councils.set_org_id(province_);
  auto council_ids = [&](int page_size) {
    return Walk<tdkt::v1::ListCouncilsResponse>(
        councils, page_size, [&](const auto& r, auto* out) { return stub_->ListCouncils(As("7").get(), r, out); },
        [](const auto& response) -> const auto& { return response.councils(); });
  };
  ASSERT_EQ(council_ids(200).size(), 2u);
  EXPECT_EQ(council_ids(200).back(), created.council().id());
  EXPECT_EQ(council_ids(1), council_ids(200));
}

TEST_F(ListsTest, APageTokenServesOnlyTheListAndTheFilterItCameFrom) {
  tdkt::v1::ListPeopleRequest people;
  people.set_name_query("thi");
  people.mutable_page()->set_page_size(2);
  tdkt::v1::ListPeopleResponse first;
  ASSERT_TRUE(stub_->ListPeople(As("1;ADMIN@*").get(), people, &first).ok());
  const std::string token = first.page().next_page_token();
  ASSERT_FALSE(token.empty());

  tdkt::v1::ListPeopleResponse next;
  people.mutable_page()->set_page_token(token);
  ASSERT_TRUE(stub_->ListPeople(As("1;ADMIN@*").get(), people, &next).ok());
  EXPECT_NE(next.people(0).id(), first.people(0).id());

  people.set_name_query("van");  // another filter
  EXPECT_EQ(stub_->ListPeople(As("1;ADMIN@*").get(), people, &next).error_code(), StatusCode::INVALID_ARGUMENT);
  people.set_name_query("thi");
  people.set_org_id(province_);
  EXPECT_EQ(stub_->ListPeople(As("1;ADMIN@*").get(), people, &next).error_code(), StatusCode::INVALID_ARGUMENT);

  tdkt::v1::ListChildOrganizationsRequest children;  // another list
  children.set_parent_id(province_);
  children.mutable_page()->set_page_token(token);
  tdkt::v1::ListChildOrganizationsResponse orgs;
  EXPECT_EQ(stub_->ListChildOrganizations(As("7").get(), children, &orgs).error_code(), StatusCode::INVALID_ARGUMENT);
  children.mutable_page()->set_page_token("made-up");
  EXPECT_EQ(stub_->ListChildOrganizations(As("7").get(), children, &orgs).error_code(), StatusCode::INVALID_ARGUMENT);
}

TEST_F(ListsTest, APersonAddedBeforeTheCursorDoesNotRepeatAnItemOnTheNextPage) {
  tdkt::v1::ListPeopleRequest request;
  request.mutable_page()->set_page_size(3);
  tdkt::v1::ListPeopleResponse first;
  ASSERT_TRUE(stub_->ListPeople(As("1;ADMIN@*").get(), request, &first).ok());
  ASSERT_EQ(first.people_size(), 3);

  tdkt::v1::CreatePersonRequest create;  // "an an" sorts before everyone of the demo
  create.set_request_id("first-in-order");
  create.mutable_person()->set_full_name("An An");
  create.mutable_person()->set_active(true);
  tdkt::v1::CreatePersonResponse created;
  ASSERT_TRUE(stub_->CreatePerson(As("1;ADMIN@*").get(), create, &created).ok());
  ASSERT_EQ(People({}, 200).front(), created.person().id());

  request.mutable_page()->set_page_token(first.page().next_page_token());
  tdkt::v1::ListPeopleResponse second;
  ASSERT_TRUE(stub_->ListPeople(As("1;ADMIN@*").get(), request, &second).ok());
  std::set<std::string> seen;
  for (const auto& person : first.people()) seen.insert(person.id());
  for (const auto& person : second.people()) EXPECT_EQ(seen.count(person.id()), 0u) << person.id();
}

}  // namespace
}  // namespace tdkt::directory

// The test identity header and the GrantAuthorizer rules, without a server.
#include <gtest/gtest.h>

#include "services/directory/authorizer.h"
#include "services/directory/identity.h"

namespace tdkt::directory {
namespace {

TEST(ParseTestIdentity, ReadsPersonAndGrants) {
  auto identity = ParseTestIdentity("12;ADMIN@3,SUBMITTER@7");
  ASSERT_TRUE(identity.ok());
  EXPECT_EQ(identity->person_id, "12");
  ASSERT_EQ(identity->grants.size(), 2u);
  EXPECT_EQ(identity->grants[0].role, workflow::Role::kAdmin);
  EXPECT_EQ(identity->grants[1].org_id, "7");
  EXPECT_TRUE(ParseTestIdentity("5").ok());
  EXPECT_FALSE(ParseTestIdentity("x;ADMIN@1").ok());
  EXPECT_FALSE(ParseTestIdentity("5;OWNER@1").ok());
  EXPECT_FALSE(ParseTestIdentity("5;ADMIN@abc").ok());
}

TEST(GrantAuthorizer, AdminsReachDownTheirChainOnly) {
  GrantAuthorizer rules;
  const Identity commune_admin{"9", {{workflow::Role::kAdmin, "20"}}};
  const Identity province_admin{"9", {{workflow::Role::kAdmin, "1"}}};
  const Identity system{"9", {{workflow::Role::kAdmin, "*"}}};
  const Identity decider{"9", {{workflow::Role::kDecider, "1"}}};
  const std::vector<std::string> unit_chain = {"200", "20", "1"};
  const std::vector<std::string> sibling_chain = {"21", "1"};
  EXPECT_TRUE(rules.MayAdminister(commune_admin, unit_chain).ok());
  EXPECT_EQ(rules.MayAdminister(commune_admin, sibling_chain).code(), absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(rules.MayAdminister(province_admin, sibling_chain).ok());
  EXPECT_FALSE(rules.MayAdminister(decider, sibling_chain).ok());
  EXPECT_FALSE(rules.MayAdministerEverything(province_admin).ok());
  EXPECT_TRUE(rules.MayAdministerEverything(system).ok());
  EXPECT_TRUE(rules.MaySeePersonalData(province_admin, "5", unit_chain));
  EXPECT_FALSE(rules.MaySeePersonalData(commune_admin, "5", sibling_chain));
  EXPECT_TRUE(rules.MaySeePersonalData(decider, "9", sibling_chain));  // oneself
}

}  // namespace
}  // namespace tdkt::directory

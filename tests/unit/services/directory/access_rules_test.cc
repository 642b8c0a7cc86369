// The GrantAuthorizer rules, without a server.
#include <gtest/gtest.h>

#include "services/directory/authorizer.h"
#include "services/directory/identity.h"

namespace tdkt::directory {
namespace {

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
  EXPECT_EQ(rules.PersonalDataFor(province_admin, "5", unit_chain), PersonalDataAccess::kAll);
  EXPECT_EQ(rules.PersonalDataFor(commune_admin, "5", sibling_chain), PersonalDataAccess::kNone);
  EXPECT_EQ(rules.PersonalDataFor(decider, "9", sibling_chain), PersonalDataAccess::kAll);  // oneself
}

// A person is changed only by an administrator whose subtree holds every grant of the person.
TEST(GrantAuthorizer, APersonIsChangedOnlyByAnAdministratorOfEveryGrantTheyHold) {
  GrantAuthorizer rules;
  const Identity commune_admin{"9", {{workflow::Role::kAdmin, "20"}}};
  const Identity province_admin{"8", {{workflow::Role::kAdmin, "1"}}};
  const Identity system{"7", {{workflow::Role::kAdmin, "*"}}};
  const Identity appraiser{"6", {{workflow::Role::kAppraiser, "20"}}};
  const PersonStanding commune_officer{.grant_chains = {{"200", "20", "1"}, {"20", "1"}}};
  const PersonStanding also_at_province{.grant_chains = {{"200", "20", "1"}, {"1"}}};
  const PersonStanding unattached{};
  const PersonStanding service{.service_account = true};
  const PersonStanding system_admin{.grant_chains = {{"200", "20", "1"}}, .system_admin = true};
  EXPECT_TRUE(rules.MayChangePerson(commune_admin, commune_officer).ok());
  EXPECT_EQ(rules.MayChangePerson(commune_admin, also_at_province).code(), absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(rules.MayChangePerson(province_admin, also_at_province).ok());
  EXPECT_FALSE(rules.MayChangePerson(appraiser, commune_officer).ok());
  EXPECT_TRUE(rules.MayChangePerson(commune_admin, unattached).ok());
  EXPECT_FALSE(rules.MayChangePerson(appraiser, unattached).ok());
  for (const PersonStanding& reserved : {service, system_admin}) {
    EXPECT_FALSE(rules.MayChangePerson(province_admin, reserved).ok());
    EXPECT_TRUE(rules.MayChangePerson(system, reserved).ok());
  }
  // Passwords: the same, a grant in the subtree needed, never one's own.
  EXPECT_TRUE(rules.MaySetPassword(commune_admin, "5", commune_officer).ok());
  EXPECT_FALSE(rules.MaySetPassword(commune_admin, "5", also_at_province).ok());
  EXPECT_FALSE(rules.MaySetPassword(commune_admin, "5", unattached).ok());
  EXPECT_TRUE(rules.MaySetPassword(system, "5", unattached).ok());
  EXPECT_FALSE(rules.MaySetPassword(province_admin, "5", service).ok());
  EXPECT_TRUE(rules.MaySetPassword(system, "5", service).ok());
  EXPECT_FALSE(rules.MaySetPassword(commune_admin, "9", commune_officer).ok());  // oneself: ChangePassword
  EXPECT_FALSE(rules.MaySetPassword(system, "7", unattached).ok());
}

// The notifier reads e-mail addresses only; no other service does.
TEST(GrantAuthorizer, TheNotifierIsShownEmailAddressesOnly) {
  GrantAuthorizer rules;
  const std::vector<std::string> chain = {"200", "20", "1"};
  EXPECT_EQ(rules.PersonalDataFor({"3", {}, std::string(kNotifierService)}, "5", chain),
            PersonalDataAccess::kEmailOnly);
  EXPECT_EQ(rules.PersonalDataFor({"4", {}, std::string("svc-dossier")}, "5", chain), PersonalDataAccess::kNone);
  EXPECT_EQ(rules.PersonalDataFor({"4", {}, std::string("notifier-2")}, "5", chain), PersonalDataAccess::kNone);
}

}  // namespace
}  // namespace tdkt::directory

// The online tdktctl helpers without a server: global options, the password rule, state names and the
// deadline text that marks an overdue dossier.
#include <cstdlib>
#include <sstream>

#include <gtest/gtest.h>

#include "tools/tdktctl/dossier_format.h"
#include "tools/tdktctl/online_client.h"

namespace tdkt::tdktctl {
namespace {

TEST(OnlineOptions, GlobalOptionsAnywhereAndThePasswordNeverOnTheCommandLine) {
  unsetenv("TDKT_DIRECTORY_ADDR");
  setenv("TDKT_DOSSIER_ADDR", "10.0.0.2:7102", 1);
  std::vector<std::string> rest;
  auto options = ParseOnlineOptions({"--user", "vp.dongtan", "abc", "--directory=10.0.0.1:9", "--name", "x"}, &rest);
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->user, "vp.dongtan");
  EXPECT_EQ(options->directory_addr, "10.0.0.1:9");
  EXPECT_EQ(options->dossier_addr, "10.0.0.2:7102");
  EXPECT_EQ(rest, (std::vector<std::string>{"abc", "--name", "x"}));
  unsetenv("TDKT_DOSSIER_ADDR");
  rest.clear();
  EXPECT_EQ(ParseOnlineOptions({}, &rest)->directory_addr, "127.0.0.1:7101");
  unsetenv("TDKT_NOTIFIER_ADDR");
  EXPECT_EQ(ParseOnlineOptions({}, &rest)->notifier_addr, "127.0.0.1:7104");
  EXPECT_EQ(ParseOnlineOptions({"--notifier", "127.0.0.1:9104"}, &rest)->notifier_addr, "127.0.0.1:9104");
  EXPECT_TRUE(rest.empty());
  EXPECT_FALSE(ParseOnlineOptions({"--password", "secret"}, &rest).ok());
  EXPECT_FALSE(ParseOnlineOptions({"--password=secret"}, &rest).ok());
  EXPECT_FALSE(ParseOnlineOptions({"--user"}, &rest).ok());
}

TEST(OnlineOptions, PasswordFromTheEnvironmentElseOneLineOfStdin) {
  unsetenv("TDKT_PASSWORD");
  std::istringstream typed("mat-khau-1\r\nthua\n");
  EXPECT_EQ(*ReadPassword(typed), "mat-khau-1");
  std::istringstream nothing("");
  EXPECT_FALSE(ReadPassword(nothing).ok());
  setenv("TDKT_PASSWORD", "tu-bien-moi-truong", 1);
  std::istringstream ignored("khong-doc\n");
  EXPECT_EQ(*ReadPassword(ignored), "tu-bien-moi-truong");
  unsetenv("TDKT_PASSWORD");
}

TEST(OnlineNames, StatesParseByShortOrFullNameAndReadInVietnamese) {
  EXPECT_EQ(ParseState("submitted"), tdkt::v1::DOSSIER_STATE_SUBMITTED);
  EXPECT_EQ(ParseState("DOSSIER_STATE_COUNCIL_VOTING"), tdkt::v1::DOSSIER_STATE_COUNCIL_VOTING);
  EXPECT_EQ(ParseState("UNSPECIFIED"), std::nullopt);
  EXPECT_EQ(ParseState("nope"), std::nullopt);
  EXPECT_EQ(StateNameVi(tdkt::v1::DOSSIER_STATE_RETURNED_FOR_SUPPLEMENT), "Trả lại để bổ sung");
}

TEST(DossierFormat, DeadlineSaysQuaHanWhenOverdue) {
  tdkt::v1::Dossier dossier;
  EXPECT_EQ(DeadlineText(dossier), "—");
  tdkt::v1::AppraisalDeadline* deadline = dossier.mutable_deadline();
  deadline->mutable_due_date()->set_year(2026);
  deadline->mutable_due_date()->set_month(11);
  deadline->mutable_due_date()->set_day(20);
  deadline->set_working_days_remaining(3);
  EXPECT_EQ(DeadlineText(dossier), "hạn 2026-11-20 (còn 3 ngày làm việc)");
  deadline->set_overdue(true);
  deadline->set_working_days_remaining(-2);
  EXPECT_EQ(DeadlineText(dossier), "hạn 2026-11-20 — QUÁ HẠN 2 ngày làm việc");
  deadline->set_paused(true);
  EXPECT_NE(DeadlineText(dossier).find("tạm dừng"), std::string::npos);
}

}  // namespace
}  // namespace tdkt::tdktctl

// The online tdktctl helpers without a server: global options (--output too), the password rule, state names,
// the deadline text that marks an overdue dossier, subcommand options, tracking codes, exit codes, and the saved
// sessions (private files, one per user and directory, the current user).
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>

#include <gtest/gtest.h>

#include "tools/tdktctl/command_line.h"
#include "tools/tdktctl/dossier_format.h"
#include "tools/tdktctl/dossier_ref.h"
#include "tools/tdktctl/exit_codes.h"
#include "tools/tdktctl/online_client.h"
#include "tools/tdktctl/session_store.h"

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

TEST(OnlineOptions, OutputIsTextOrJson) {
  std::vector<std::string> rest;
  EXPECT_FALSE(ParseOnlineOptions({}, &rest)->json);
  EXPECT_TRUE(ParseOnlineOptions({"--output", "json"}, &rest)->json);
  EXPECT_TRUE(ParseOnlineOptions({"inbox", "--output=json"}, &rest)->json);
  EXPECT_FALSE(ParseOnlineOptions({"--output", "text"}, &rest)->json);
  EXPECT_FALSE(ParseOnlineOptions({"--output", "yaml"}, &rest).ok());
}

TEST(CommandLine, TheVerbIsTheFirstWordThatIsOneWhateverComesBefore) {
  std::vector<std::string> words = {"--user", "vp.dongtan", "upcoming", "--org", "PT-DONGTAN"};
  EXPECT_EQ(TakeVerb(words, {"upcoming"}), "upcoming");
  EXPECT_EQ(words, (std::vector<std::string>{"--user", "vp.dongtan", "--org", "PT-DONGTAN"}));
  std::vector<std::string> none = {"HS-1", "--user", "x"};
  EXPECT_EQ(TakeVerb(none, {"upcoming"}), std::nullopt);
  EXPECT_EQ(none.size(), 3u) << "nothing taken when no verb is there";
}

TEST(CommandLine, OptionsAreDeclaredAndPositionalWordsKeptInOrder) {
  CommandLine line({{"--reason", kValue}, {"--missing", kRepeated}, {"--force", kSwitch}});
  ASSERT_TRUE(line.Parse({"abc", "--reason", "thiếu xác nhận", "--missing=TO_TRINH", "--missing", "BIEN_BAN_XET",
                          "--force", "--", "--not-an-option"})
                  .ok());
  EXPECT_EQ(line.Value("--reason"), "thiếu xác nhận");
  EXPECT_EQ(line.Values("--missing"), (std::vector<std::string>{"TO_TRINH", "BIEN_BAN_XET"}));
  EXPECT_TRUE(line.Has("--force"));
  EXPECT_EQ(line.positional(), (std::vector<std::string>{"abc", "--not-an-option"}));
  EXPECT_FALSE(CommandLine({{"--reason", kValue}}).Parse({"--raeson", "x"}).ok()) << "a typo is an error";
  EXPECT_FALSE(CommandLine({{"--reason", kValue}}).Parse({"--reason"}).ok()) << "a value is missing";
  EXPECT_FALSE(CommandLine({{"--reason", kValue}}).Parse({"--reason", "a", "--reason", "b"}).ok());
  EXPECT_FALSE(CommandLine({{"--force", kSwitch}}).Parse({"--force=yes"}).ok());
}

TEST(TrackingCodes, AnyCaseAndSeparatorsButNeverADossierId) {
  EXPECT_EQ(CanonicalTrackingCode("abcd-efgh-jkmn-pqrs"), "ABCD-EFGH-JKMN-PQRS");
  EXPECT_EQ(CanonicalTrackingCode("ABCDEFGHJKMNPQRS"), "ABCD-EFGH-JKMN-PQRS");
  EXPECT_EQ(CanonicalTrackingCode("ilo0-0000-0000-0000"), "1100-0000-0000-0000") << "Crockford: I, L are 1, O is 0";
  EXPECT_EQ(CanonicalTrackingCode("5534c26b-5806-4e9b-bb3e-341a1b1c328d"), std::nullopt);
  EXPECT_EQ(CanonicalTrackingCode("ABCD-EFGH-JKMN-PQR"), std::nullopt);
  EXPECT_EQ(CanonicalTrackingCode("ABCD-EFGH-JKMN-PQRU"), std::nullopt) << "U is not Crockford base32";
}

TEST(ExitCodes, TheServerRefusedUnreachableAndNotLoggedInAreApart) {
  EXPECT_EQ(ExitCodeOf(absl::OkStatus()), kExitOk);
  EXPECT_EQ(ExitCodeOf(absl::PermissionDeniedError("x")), kExitRefused);
  EXPECT_EQ(ExitCodeOf(absl::AbortedError("stale version")), kExitRefused);
  EXPECT_EQ(ExitCodeOf(absl::FailedPreconditionError("x")), kExitRefused);
  EXPECT_EQ(ExitCodeOf(absl::UnavailableError("x")), kExitUnreachable);
  EXPECT_EQ(ExitCodeOf(absl::DeadlineExceededError("x")), kExitUnreachable);
  EXPECT_EQ(ExitCodeOf(absl::UnauthenticatedError("x")), kExitNotLoggedIn);
  // A gRPC failure keeps its code and says what was done, in Vietnamese.
  const absl::Status failure = FromGrpc("tiếp nhận hồ sơ", grpc::Status(grpc::StatusCode::ABORTED, "phiên bản 3"));
  EXPECT_TRUE(absl::IsAborted(failure));
  EXPECT_EQ(failure.message(), "tiếp nhận hồ sơ: hồ sơ đã thay đổi: phiên bản 3");
}

class SavedSessions : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("tdktctl-sessions-" + std::to_string(getpid()));
    std::filesystem::remove_all(dir_);
    setenv("XDG_CONFIG_HOME", dir_.c_str(), 1);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  static unsigned ModeOf(const std::string& path) {
    struct stat s;
    return ::stat(path.c_str(), &s) == 0 ? (s.st_mode & 0777) : 0;
  }
  std::filesystem::path dir_;
};

TEST_F(SavedSessions, OnePrivateFilePerUserAndDirectoryAndTheCurrentUser) {
  absl::StatusOr<SessionStore> store = SessionStore::ForDirectory("127.0.0.1:7101");
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_FALSE(store->Load("vp.dongtan")->has_value());
  EXPECT_EQ(store->CurrentUser(), "");
  tdkt::v1::LoginResponse tokens;
  tokens.set_access_token("eyJ.access");
  tokens.set_refresh_token("refresh-1");
  tokens.set_person_id("p-7");
  ASSERT_TRUE(store->Save("vp.dongtan", tokens).ok());
  ASSERT_TRUE(store->SetCurrentUser("vp.dongtan").ok());
  const std::string path = store->PathOf("vp.dongtan");
  EXPECT_EQ(path, (dir_ / "tdkt/sessions/127.0.0.1%3A7101/vp.dongtan.json").string());
  EXPECT_EQ(ModeOf(path), 0600u);
  for (const char* d : {"tdkt", "tdkt/sessions", "tdkt/sessions/127.0.0.1%3A7101"}) {
    EXPECT_EQ(ModeOf((dir_ / d).string()), 0700u) << d;
  }
  EXPECT_EQ(store->Load("vp.dongtan")->value().refresh_token(), "refresh-1");
  EXPECT_EQ(store->CurrentUser(), "vp.dongtan");
  // Another directory has sessions of its own; a name cannot climb out of its directory.
  EXPECT_FALSE(SessionStore::ForDirectory("10.0.0.1:7101")->Load("vp.dongtan")->has_value());
  EXPECT_EQ(store->PathOf("../x").find("/../"), std::string::npos);
  ASSERT_TRUE(store->Remove("vp.dongtan").ok());
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_EQ(store->CurrentUser(), "") << "logout forgets the current user too";
  EXPECT_TRUE(store->Remove("vp.dongtan").ok()) << "nothing to remove is fine";
}

}  // namespace
}  // namespace tdkt::tdktctl

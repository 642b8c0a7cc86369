// End to end through tdktctl alone: one dossier walked through the whole chain by the command line, as its users
// would, on the real tdkt-directory, tdkt-dossier and tdkt-notifier. The unit creates it, uploads its documents
// (refused to submit with one missing) and submits; the school's standing body and council pass it up; Đồng Tân's
// appraiser returns it with a reason; the unit uploads a supplement and resubmits; Đồng Tân's council votes (open,
// every member, close), which forwards it to the province; the province's council votes; the province's chairman
// decides and publishes; `tdktctl status <tracking code>` shows it decided, then published. Every step is checked on
// its --output json (the service's response, parsed back into the proto), and so are the saved sessions (mode
// 0600, reused without a password, removed by logout), the exit codes of a refusal (1), bad usage (2), an
// unreachable server (3) and no session (4), a download against the upload, and the submitter's notifications
// (watch, mark-read).
#include <sys/stat.h>

#include <google/protobuf/util/json_util.h>

#include "tdkt/v1/directory.pb.h"
#include "tdkt/v1/dossier.pb.h"
#include "tdkt/v1/notifier.pb.h"
#include "tests/e2e/e2e_stack.h"

namespace tdkt::e2e {
namespace {

namespace v1 = tdkt::v1;

constexpr char kNomineeIdNumber[] = "025089007007";

template <typename Message>
Message Parsed(const ToolRun& run) {
  Message message;
  const auto status = google::protobuf::util::JsonStringToMessage(run.out, &message);
  EXPECT_TRUE(status.ok()) << status.ToString() << " in: " << run.output;
  return message;
}

class TdktctlChain : public E2eStack {
 protected:
  // `tdktctl --user <user> --output json <args>`, which must succeed; its response.
  template <typename Response>
  Response As(const std::string& user, const std::string& args) {
    const ToolRun run = Ctl(absl::StrCat("--user ", user, " --output json ", args));
    EXPECT_EQ(run.exit_code, 0) << user << ": tdktctl " << args << "\n" << run.output;
    return Parsed<Response>(run);
  }

  // A transition as `user` ("<verb> [arguments]", the dossier put after the verb): the dossier after it must be in
  // `state`, one version up.
  v1::Dossier Step(const std::string& user, const std::string& command, v1::DossierState state) {
    E2eStack::Step(user + ": " + command);
    const v1::Dossier before = As<v1::GetDossierResponse>(user, "show " + id_).dossier();
    const size_t verb = command.find(' ');
    const std::string line = verb == std::string::npos
                                 ? command + " " + id_
                                 : command.substr(0, verb) + " " + id_ + command.substr(verb);
    // Every transition's response is {"dossier": …}: parse it as one of them.
    const v1::SubmitDossierResponse response = As<v1::SubmitDossierResponse>(user, line);
    EXPECT_EQ(response.dossier().state(), state) << command << ": " << response.DebugString();
    EXPECT_EQ(response.dossier().version(), before.version() + 1) << command;
    return response.dossier();
  }

  // The council of `org` votes yes, every member; its chair opened and closes the ballot.
  v1::Dossier CouncilPasses(const std::string& chair, const std::vector<std::string>& members, v1::DossierState after) {
    Step(chair, "open-vote", v1::DOSSIER_STATE_COUNCIL_VOTING);
    for (const std::string& member : members) {
      const v1::Dossier voted = Step(member, "vote yes", v1::DOSSIER_STATE_COUNCIL_VOTING);
      EXPECT_EQ(voted.vote().status(), v1::VOTE_STATUS_OPEN);
    }
    return Step(chair, "close-vote", after);
  }

  void Login(const std::string& user) {
    E2eStack::Step("login " + user);
    const ToolRun run = Ctl("login --user " + user);
    ASSERT_EQ(run.exit_code, 0) << run.output;
  }

  std::string id_;
};

TEST_F(TdktctlChain, OneDossierThroughTheWholeChainByTheCommandLine) {
  Bootstrap();  // the demo directory with the school's standing body and council (data/demo-units)
  StartServices();

  // Logging in asks the password once and saves the session, mode 0600; later commands need no password.
  const std::vector<std::string> people = {"vt.dongtan.thdt", "pht.dongtan.thdt", "ht.dongtan.thdt", "cd.dongtan.thdt",
                                           "vp.dongtan", "ct.dongtan", "uv.dongtan", "ct.donglien",
                                           "nv.tinh", "ct.tinh", "uv.tinh"};
  unsetenv("TDKT_PASSWORD");
  EXPECT_EQ(Ctl("login --user vt.dongtan.thdt", "sai-mat-khau-roi\n").exit_code, 1) << "a wrong password is refused";
  EXPECT_EQ(Ctl("inbox --user vt.dongtan.thdt").exit_code, 4) << "not logged in, and no TDKT_PASSWORD";
  for (const std::string& user : people) {
    E2eStack::Step("login " + user);
    const ToolRun run = Ctl("login --user " + user, std::string(kDemoPassword) + "\n");
    ASSERT_EQ(run.exit_code, 0) << run.output;
  }
  const fs::path sessions = dir_ / "config" / "tdkt" / "sessions" / absl::StrCat("127.0.0.1%3A", directory_port_);
  struct stat file;
  ASSERT_EQ(::stat((sessions / "vt.dongtan.thdt.json").c_str(), &file), 0) << sessions;
  EXPECT_EQ(file.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat(sessions.c_str(), &file), 0);
  EXPECT_EQ(file.st_mode & 0777, 0700u);
  // The last login is the default user.
  EXPECT_EQ(Parsed<v1::ListInboxResponse>(Ctl("--output json inbox")).items_size(), 0);

  // The unit creates the dossier and uploads its documents; with one still missing it may not submit.
  E2eStack::Step("create and upload");
  const v1::CreateDossierResponse created = As<v1::CreateDossierResponse>(
      "vt.dongtan.thdt", absl::StrCat("create --award BANG_KHEN_TINH --year 2026 --name 'Đỗ Thị Lan Hương' "
                                      "--id-number ", kNomineeIdNumber, " --birth-year 1979 --gender female "
                                      "--position 'Giáo viên' --workplace 'Trường Tiểu học Đồng Tân'"));
  id_ = created.dossier().id();
  const std::string code = created.dossier().tracking_code();
  ASSERT_FALSE(id_.empty());
  EXPECT_EQ(created.dossier().state(), v1::DOSSIER_STATE_DRAFT);
  const std::string to_trinh = "%PDF-1.4\n% Tờ trình\n" + std::string(600 * 1024, 't') + "\n%%EOF\n";  // 3 chunks
  std::ofstream(dir_ / "to-trinh.pdf", std::ios::binary) << to_trinh;
  std::ofstream(dir_ / "bao-cao.pdf", std::ios::binary) << "%PDF-1.4\n% Báo cáo thành tích\n%%EOF\n";
  std::ofstream(dir_ / "bien-ban.pdf", std::ios::binary) << "%PDF-1.4\n% Biên bản họp xét\n%%EOF\n";
  const v1::UploadDocumentResponse first = As<v1::UploadDocumentResponse>(
      "vt.dongtan.thdt", absl::StrCat("upload ", code, " ", (dir_ / "to-trinh.pdf").string(), " --kind TO_TRINH"));
  EXPECT_EQ(first.document().size_bytes(), static_cast<int64_t>(to_trinh.size()));
  EXPECT_EQ(first.document().file_name(), "to-trinh.pdf");
  EXPECT_EQ(first.document().content_type(), "application/pdf");
  As<v1::UploadDocumentResponse>("vt.dongtan.thdt", absl::StrCat("upload ", id_, " ", (dir_ / "bao-cao.pdf").string(),
                                                                 " --kind BAO_CAO_THANH_TICH --name 'Báo cáo.pdf'"));
  const ToolRun early = Ctl("--user vt.dongtan.thdt submit " + id_);
  EXPECT_EQ(early.exit_code, 1) << "BIEN_BAN_XET is missing: " << early.output;
  As<v1::UploadDocumentResponse>("vt.dongtan.thdt", absl::StrCat("upload ", id_, " ", (dir_ / "bien-ban.pdf").string(),
                                                                 " --kind BIEN_BAN_XET"));
  const v1::ListDocumentsResponse documents = As<v1::ListDocumentsResponse>("vt.dongtan.thdt", "documents " + id_);
  ASSERT_EQ(documents.documents_size(), 3);
  EXPECT_EQ(documents.documents(1).file_name(), "Báo cáo.pdf");
  // What comes down is what went up, byte for byte (streamed both ways).
  ToolRun download = Ctl(absl::StrCat("--user pht.dongtan.thdt download ", code, " ", first.document().id(), " --out ",
                                      (dir_ / "back.pdf").string()));
  ASSERT_EQ(download.exit_code, 0) << download.output;
  EXPECT_EQ(ReadFile(dir_ / "back.pdf"), to_trinh);
  EXPECT_EQ(Ctl(absl::StrCat("--user pht.dongtan.thdt download ", id_, " ", first.document().id(), " --out ",
                             (dir_ / "back.pdf").string()))
                .exit_code,
            1)
      << "an existing file is not overwritten without --force";

  Step("vt.dongtan.thdt", "submit --note 'Đề nghị xét Bằng khen năm 2026'", v1::DOSSIER_STATE_SUBMITTED);
  // The school: its standing body takes it up and puts it to the council, which passes it to Đồng Tân.
  Step("pht.dongtan.thdt", "accept --note 'Tiếp nhận'", v1::DOSSIER_STATE_UNDER_REVIEW);
  Step("pht.dongtan.thdt", "send-to-council", v1::DOSSIER_STATE_COUNCIL_VOTING);
  const v1::Dossier at_commune =
      CouncilPasses("ht.dongtan.thdt", {"ht.dongtan.thdt", "pht.dongtan.thdt", "cd.dongtan.thdt"}, v1::DOSSIER_STATE_SUBMITTED);
  EXPECT_EQ(at_commune.current_level(), v1::ORG_LEVEL_COMMUNE);

  // Đồng Tân's appraiser returns it with a reason; a stale version is refused; the unit supplements and resubmits.
  Step("vp.dongtan", "accept", v1::DOSSIER_STATE_UNDER_REVIEW);
  const v1::Dossier returned = Step(
      "vp.dongtan", "return --reason 'Báo cáo thành tích chưa có xác nhận của Thủ trưởng đơn vị' "
                    "--missing BAO_CAO_THANH_TICH",
      v1::DOSSIER_STATE_RETURNED_FOR_SUPPLEMENT);
  EXPECT_EQ(returned.state_reason_vi(), "Báo cáo thành tích chưa có xác nhận của Thủ trưởng đơn vị");
  EXPECT_TRUE(returned.deadline().paused());
  const ToolRun stale = Ctl("--user vt.dongtan.thdt resubmit " + id_ + " --version 1");
  EXPECT_EQ(stale.exit_code, 1) << stale.output;
  EXPECT_NE(stale.output.find("hồ sơ đã thay đổi"), std::string::npos) << stale.output;
  As<v1::UploadDocumentResponse>("vt.dongtan.thdt", absl::StrCat("upload ", id_, " ", (dir_ / "bao-cao.pdf").string(),
                                                                 " --kind BAO_CAO_THANH_TICH --name 'Báo cáo có xác "
                                                                 "nhận.pdf'"));
  Step("vt.dongtan.thdt", "resubmit --note 'Đã bổ sung xác nhận'", v1::DOSSIER_STATE_UNDER_REVIEW);

  // At a level whose council votes, forward is refused: the council's vote forwards it.
  EXPECT_EQ(Ctl("--user vp.dongtan forward " + id_).exit_code, 1);
  Step("vp.dongtan", "send-to-council --note 'Đủ điều kiện'", v1::DOSSIER_STATE_COUNCIL_VOTING);
  const v1::Dossier at_province =
      CouncilPasses("ct.dongtan", {"ct.dongtan", "uv.dongtan", "ct.donglien"}, v1::DOSSIER_STATE_SUBMITTED);
  EXPECT_EQ(at_province.current_level(), v1::ORG_LEVEL_PROVINCE);

  // The province: its council passes it, its chairman decides and publishes.
  Step("nv.tinh", "accept", v1::DOSSIER_STATE_UNDER_REVIEW);
  Step("nv.tinh", "send-to-council", v1::DOSSIER_STATE_COUNCIL_VOTING);
  CouncilPasses("ct.tinh", {"ct.tinh", "nv.tinh", "uv.tinh"}, v1::DOSSIER_STATE_AWAITING_DECISION);
  // Signed today (Asia/Ho_Chi_Minh): a decision may not be dated before the dossier was created.
  const std::string today = absl::FormatTime("%Y-%m-%d", absl::Now(), absl::FixedTimeZone(7 * 3600));
  const v1::Dossier decided =
      Step("ct.tinh", "decide --number 321/QĐ-UBND --date " + today + " --signer 'Trần Văn Bình' "
                      "--title 'Chủ tịch UBND tỉnh' --issuing-body 'UBND tỉnh Phú Thọ'",
           v1::DOSSIER_STATE_DECIDED);
  EXPECT_EQ(decided.decision().number(), "321/QĐ-UBND");

  // The public status: no login, the state, no nominee.
  const ToolRun public_decided = Ctl("--output json status " + code);
  ASSERT_EQ(public_decided.exit_code, 0) << public_decided.output;
  const v1::GetPublicStatusResponse shown = Parsed<v1::GetPublicStatusResponse>(public_decided);
  EXPECT_EQ(shown.status().state(), v1::DOSSIER_STATE_DECIDED);
  EXPECT_EQ(shown.status().current_level(), v1::ORG_LEVEL_PROVINCE);
  EXPECT_EQ(public_decided.output.find("Đỗ Thị Lan Hương"), std::string::npos);
  Step("ct.tinh", "publish --date " + today, v1::DOSSIER_STATE_PUBLISHED);
  const v1::GetPublicStatusResponse published = Parsed<v1::GetPublicStatusResponse>(Ctl("--output json status " + code));
  EXPECT_EQ(published.status().state(), v1::DOSSIER_STATE_PUBLISHED);
  EXPECT_EQ(published.status().decision_number(), "321/QĐ-UBND");
  const ToolRun text = Ctl("status " + code);
  EXPECT_NE(text.output.find("Đã công bố"), std::string::npos) << text.output;

  // The history the command line wrote, each step by its person, as show prints it.
  const v1::GetDossierResponse history = As<v1::GetDossierResponse>("vt.dongtan.thdt", "show " + code);
  EXPECT_EQ(history.dossier().id(), id_) << "show takes the tracking code too";
  int returns = 0, decides = 0;
  for (const v1::HistoryEntry& e : history.history()) {
    returns += e.action() == v1::DOSSIER_ACTION_RETURN_FOR_SUPPLEMENT;
    decides += e.action() == v1::DOSSIER_ACTION_DECIDE;
  }
  EXPECT_EQ(returns, 1);
  EXPECT_EQ(decides, 1);
  EXPECT_EQ(history.votes_size(), 3) << "one ballot at each level";
  EXPECT_EQ(history.dossier().nominee().id_number(), kNomineeIdNumber) << "the submitter sees the ID number";

  // The submitter was told of the return and of the decision: watch replays the unread ones, mark-read clears them.
  ASSERT_TRUE(WaitForTheNotifier()) << "the notifier did not apply every event";
  const v1::ListNotificationsResponse told = As<v1::ListNotificationsResponse>("vt.dongtan.thdt", "notifications");
  ASSERT_GE(told.unread_count(), 3);
  const ToolRun watched = Ctl("--user vt.dongtan.thdt --output json notifications watch --count 2 --seconds 60");
  ASSERT_EQ(watched.exit_code, 0) << watched.output;
  EXPECT_EQ(std::count(watched.out.begin(), watched.out.end(), '\n'), 2) << watched.out;
  const v1::Notification watched_first = Parsed<v1::Notification>(
      ToolRun{0, "", watched.out.substr(0, watched.out.find('\n'))});
  EXPECT_FALSE(watched_first.id().empty());
  const v1::MarkReadResponse marked =
      As<v1::MarkReadResponse>("vt.dongtan.thdt", "notifications mark-read " + watched_first.id());
  EXPECT_EQ(marked.marked_count(), 1);
  EXPECT_EQ(marked.unread_count(), told.unread_count() - 1);
  const v1::MarkReadResponse all = As<v1::MarkReadResponse>("vt.dongtan.thdt", "notifications mark-read --all");
  EXPECT_EQ(all.unread_count(), 0);
  EXPECT_EQ(As<v1::ListNotificationsResponse>("vt.dongtan.thdt", "notifications --unread").notifications_size(), 0);

  // The exit codes a script relies on.
  EXPECT_EQ(Ctl("--user vt.dongtan.thdt accept").exit_code, 2) << "no dossier named";
  EXPECT_EQ(Ctl("--user vt.dongtan.thdt vote " + id_ + " maybe").exit_code, 2);
  EXPECT_EQ(Ctl("--user vt.dongtan.thdt withdraw " + id_).exit_code, 1) << "a published dossier cannot be withdrawn";
  EXPECT_EQ(Shell(absl::StrCat(TDKT_TDKTCTL_BINARY, " --directory 127.0.0.1:", directory_port_,
                               " --dossier 127.0.0.1:1 --user vt.dongtan.thdt show ", id_))
                .exit_code,
            3)
      << "the dossier service is not there";
  // Logout revokes the session and forgets it: the next command is not logged in.
  const ToolRun logout = Ctl("logout --user uv.tinh");
  ASSERT_EQ(logout.exit_code, 0) << logout.output;
  EXPECT_FALSE(fs::exists(sessions / "uv.tinh.json"));
  EXPECT_EQ(Ctl("--user uv.tinh inbox").exit_code, 4);

  // No tool printed a token or the password; only show, to the submitter, printed the ID number.
  for (const char* secret : {kDemoPassword, "eyJhbGciOi", "sai-mat-khau-roi"}) {
    EXPECT_EQ(tool_output_.find(secret), std::string::npos) << secret;
  }
  StopServices();
  const std::string logs =
      ReadFile(dir_ / "directory.log") + ReadFile(dir_ / "dossier.log") + ReadFile(dir_ / "notifier.log");
  EXPECT_EQ(logs.find(kNomineeIdNumber), std::string::npos) << "a service log holds the nominee's ID number";
}

}  // namespace
}  // namespace tdkt::e2e

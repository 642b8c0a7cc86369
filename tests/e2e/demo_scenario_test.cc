// End to end with the real binaries, as deploy/local/demo loads the demo: tdkt-directory-admin loads the demo
// directory into a fresh database; tdkt-directory and tdkt-dossier run with their clock set back four weeks
// (libfaketime) while `tdktctl demo-scenario --past` takes the steps of the dossiers that are overdue now; then
// tdkt-directory, tdkt-dossier and tdkt-notifier run on the real clock and `tdktctl demo-scenario` runs twice (the
// second run changes nothing, not one row or version). What the test expects it computes from the plan
// (demo_scenario_plan.h) alone: every dossier's state and level, which are overdue, the weekly chart of the
// province's dashboard, and whom the notifier told what (the rules of services/notifier/recipient_rules.cc applied
// to each dossier's path). Then the appraiser's inbox, the public status, search, show and login as a user sees
// them, the events in the Redis stream, and no log or tool output holding an ID number, a password or a token.
#include <google/protobuf/util/json_util.h>

#include <map>
#include <set>

#include "absl/strings/str_split.h"
#include "tdkt/v1/dossier.pb.h"
#include "tdkt/v1/events.pb.h"
#include "tests/e2e/e2e_stack.h"
#include "tools/tdktctl/demo_scenario_plan.h"

namespace tdkt::e2e {
namespace {

namespace demo = tdkt::tdktctl::demo;
namespace v1 = tdkt::v1;
using demo::Target;

// Where each target stops, as the test knows the chain: state and level.
std::pair<std::string, int> StateAndLevel(Target t) {
  switch (t) {
    case Target::kDraft: return {"DRAFT", 1};
    case Target::kWithdrawnDraft: return {"WITHDRAWN", 1};
    case Target::kSubmittedAtUnit: return {"SUBMITTED", 1};
    case Target::kReviewAtUnit: return {"UNDER_REVIEW", 1};
    case Target::kReturnedAtUnit: return {"RETURNED_FOR_SUPPLEMENT", 1};
    case Target::kVotingAtUnit: return {"COUNCIL_VOTING", 1};
    case Target::kRejectedAtUnit: return {"REJECTED", 1};
    case Target::kWithdrawnAtUnit: return {"WITHDRAWN", 1};
    case Target::kAwaitingAtUnit: return {"AWAITING_DECISION", 1};
    case Target::kDecidedAtUnit: return {"DECIDED", 1};
    case Target::kPublishedAtUnit: return {"PUBLISHED", 1};
    case Target::kSubmittedAtCommune: return {"SUBMITTED", 2};
    case Target::kReviewAtCommune: return {"UNDER_REVIEW", 2};
    case Target::kReturnedAtCommune: return {"RETURNED_FOR_SUPPLEMENT", 2};
    case Target::kResubmittedAtCommune: return {"UNDER_REVIEW", 2};
    case Target::kVotingAtCommune: return {"COUNCIL_VOTING", 2};
    case Target::kVoteFailedAtCommune: return {"REJECTED", 2};
    case Target::kRejectedAtCommune: return {"REJECTED", 2};
    case Target::kComplaintAtCommune: return {"UNDER_REVIEW", 2};
    case Target::kAwaitingAtCommune: return {"AWAITING_DECISION", 2};
    case Target::kDecidedAtCommune: return {"DECIDED", 2};
    case Target::kPublishedAtCommune: return {"PUBLISHED", 2};
    case Target::kSubmittedAtProvince: return {"SUBMITTED", 4};
    case Target::kReviewAtProvince: return {"UNDER_REVIEW", 4};
    case Target::kReturnedAtProvince: return {"RETURNED_FOR_SUPPLEMENT", 4};
    case Target::kVotingAtProvince: return {"COUNCIL_VOTING", 4};
    case Target::kRejectedAtProvince: return {"REJECTED", 4};
    case Target::kAwaitingAtProvince: return {"AWAITING_DECISION", 4};
    case Target::kDecidedAtProvince: return {"DECIDED", 4};
    case Target::kPublishedAtProvince: return {"PUBLISHED", 4};
    case Target::kForwardedExternal: return {"FORWARDED_EXTERNAL", 4};
    case Target::kExternalGranted: return {"DECIDED", 4};
  }
  return {"?", 0};
}

bool NeverSubmitted(Target t) { return t == Target::kDraft || t == Target::kWithdrawnDraft; }

// The notifications the recipient rules give for one dossier's path, per (username, event type): the unit's
// appraiser for the submission, the next level's appraisers for each forward and the level's for a resubmission,
// the voting members for each ballot opened, the council's chair once every member voted, the unit's submitter for
// a return, a rejection, a decision taken in tdkt and its publication.
void Tell(const demo::DemoDossier& d, std::map<std::pair<std::string, int>, int>& told) {
  const Target t = d.target;
  const demo::Unit& unit = *d.unit;
  const demo::Commune& commune = demo::CommuneOf(unit);
  auto add = [&](const std::string& who, v1::EventType type) { ++told[{who, static_cast<int>(type)}]; };
  if (NeverSubmitted(t)) return;
  add(unit.staff[1].username, v1::EVENT_TYPE_DOSSIER_SUBMITTED);
  if (t == Target::kSubmittedAtUnit || t == Target::kWithdrawnAtUnit) return;
  struct Level {
    std::vector<std::string> appraisers;
    std::string chair;
    std::vector<std::string> voters;
  };
  std::vector<std::string> commune_voters;
  for (const char* v : commune.voters) {
    if (v != nullptr) commune_voters.push_back(v);
  }
  const std::vector<Level> levels = {
      {{unit.staff[1].username}, unit.staff[0].username,
       {unit.staff[0].username, unit.staff[1].username, unit.staff[2].username}},
      {{commune.appraiser}, commune.chair, commune_voters},
      {{demo::kProvinceAppraiser, demo::kProvinceSecondAppraiser}, demo::kProvinceChair,
       {demo::kProvinceVoters.begin(), demo::kProvinceVoters.end()}},
  };
  const int last = t <= Target::kPublishedAtUnit ? 0 : t <= Target::kPublishedAtCommune ? 1 : 2;
  for (int l = 0; l <= last; ++l) {
    const Level& level = levels[static_cast<size_t>(l)];
    if (l > 0) {
      for (const std::string& a : level.appraisers) add(a, v1::EVENT_TYPE_DOSSIER_FORWARDED);
    }
    if (l < last) {  // passed this level's council
      for (const std::string& v : level.voters) add(v, v1::EVENT_TYPE_VOTE_OPENED);
      add(level.chair, v1::EVENT_TYPE_VOTE_CAST);
      continue;
    }
    switch (t) {
      case Target::kSubmittedAtCommune: case Target::kSubmittedAtProvince: case Target::kReviewAtUnit:
      case Target::kReviewAtCommune: case Target::kReviewAtProvince:
        return;
      case Target::kReturnedAtUnit: case Target::kReturnedAtCommune: case Target::kReturnedAtProvince:
        add(unit.submitter, v1::EVENT_TYPE_DOSSIER_RETURNED);
        return;
      case Target::kResubmittedAtCommune:
        add(unit.submitter, v1::EVENT_TYPE_DOSSIER_RETURNED);
        for (const std::string& a : level.appraisers) add(a, v1::EVENT_TYPE_DOSSIER_RESUBMITTED);
        return;
      case Target::kRejectedAtUnit: case Target::kRejectedAtCommune: case Target::kRejectedAtProvince:
      case Target::kComplaintAtCommune:
        add(unit.submitter, v1::EVENT_TYPE_DOSSIER_REJECTED);
        return;
      case Target::kVotingAtUnit: case Target::kVotingAtCommune: case Target::kVotingAtProvince:
        for (const std::string& v : level.voters) add(v, v1::EVENT_TYPE_VOTE_OPENED);
        return;  // one ballot still missing: the chair is not told yet
      default:
        break;
    }
    for (const std::string& v : level.voters) add(v, v1::EVENT_TYPE_VOTE_OPENED);
    add(level.chair, v1::EVENT_TYPE_VOTE_CAST);
    if (t == Target::kVoteFailedAtCommune) {
      add(unit.submitter, v1::EVENT_TYPE_DOSSIER_REJECTED);
      return;
    }
    if (t == Target::kDecidedAtUnit || t == Target::kDecidedAtCommune || t == Target::kDecidedAtProvince ||
        t == Target::kPublishedAtUnit || t == Target::kPublishedAtCommune || t == Target::kPublishedAtProvince) {
      add(unit.submitter, v1::EVENT_TYPE_DOSSIER_DECIDED);
    }
    if (t == Target::kPublishedAtUnit || t == Target::kPublishedAtCommune || t == Target::kPublishedAtProvince) {
      add(unit.submitter, v1::EVENT_TYPE_DOSSIER_PUBLISHED);
    }
  }
}

class DemoEndToEnd : public E2eStack {
 protected:
  // Every row count and every dossier's version: what a replayed scenario must leave unchanged.
  std::string DatabaseState() {
    std::string state;
    for (const char* table : {"dossier.dossier", "dossier.event", "dossier.deadline", "dossier.outbox",
                              "dossier.idempotency", "dossier.document", "directory.person",
                              "directory.role_assignment", "directory.council", "directory.council_member",
                              "directory.idempotency"}) {
      absl::StrAppend(&state, table, " ", Query(absl::StrCat("SELECT count(*) FROM ", table)));
    }
    absl::StrAppend(&state, Query("SELECT id, state, version, holder_org_id FROM dossier.dossier ORDER BY id"));
    return state;
  }

  // The directory and the dossier service with their clock `days` back (libfaketime, as deploy/local/services
  // starts them for the demo's past; the monotonic clock untouched). Only they see the setting.
  void StartInThePast(int days) {
    Step(absl::StrCat("start the directory and the dossier service ", days, " days back"));
    std::string library;
    for (const fs::directory_entry& arch : fs::directory_iterator("/usr/lib")) {
      if (fs::exists(arch.path() / "faketime" / "libfaketime.so.1")) {
        library = (arch.path() / "faketime" / "libfaketime.so.1").string();
      }
    }
    ASSERT_FALSE(library.empty()) << "libfaketime is not installed (deploy/local/packages.txt: faketime)";
    setenv("LD_PRELOAD", library.c_str(), 1);
    setenv("FAKETIME", absl::StrCat("-", days, "d").c_str(), 1);
    setenv("FAKETIME_DONT_FAKE_MONOTONIC", "1", 1);  // gRPC's timers and waits run on the real monotonic clock
    setenv("DONT_FAKE_MONOTONIC", "1", 1);           // the name before libfaketime 0.9.10
    StartDirectory();
    if (!HasFatalFailure()) StartDossier();
    unsetenv("LD_PRELOAD");
    unsetenv("FAKETIME");
    unsetenv("FAKETIME_DONT_FAKE_MONOTONIC");
    unsetenv("DONT_FAKE_MONOTONIC");
  }
};

TEST_F(DemoEndToEnd, DemoScenarioOnTheRealServicesIsIdempotentAndLeaksNothing) {
  const std::vector<demo::DemoDossier> plan = demo::Dossiers();
  ASSERT_EQ(plan.size(), 200u);
  Bootstrap();

  // The past: the overdue dossiers' steps, four weeks ago.
  StartInThePast(demo::kPastDays);
  ASSERT_FALSE(HasFatalFailure());
  Step("demo-scenario --past");
  const ToolRun past = Ctl("demo-scenario --past");
  ASSERT_EQ(past.exit_code, 0) << past.output;
  StopServices();

  // The present, twice: the same output and not one row or version changed.
  StartServices();
  ASSERT_FALSE(HasFatalFailure());
  // The campaign service is not part of this stack: the demo's bloc is left out.
  Step("demo-scenario");
  const ToolRun first = Ctl("demo-scenario --without-bloc");
  ASSERT_EQ(first.exit_code, 0) << first.output;
  const std::string after_first = DatabaseState();
  EXPECT_NE(after_first.find("dossier.dossier 200|"), std::string::npos) << after_first;
  Step("demo-scenario again");
  const ToolRun second = Ctl("demo-scenario --without-bloc");
  ASSERT_EQ(second.exit_code, 0) << second.output;
  EXPECT_EQ(second.output, first.output);
  EXPECT_EQ(DatabaseState(), after_first);

  // Every dossier where the plan puts it: state × level, exactly.
  std::map<std::pair<std::string, int>, int> expected_states;
  int past_count = 0, submitted = 0, decisions = 0;
  for (const demo::DemoDossier& d : plan) {
    ++expected_states[StateAndLevel(d.target)];
    past_count += d.past ? 1 : 0;
    submitted += NeverSubmitted(d.target) ? 0 : 1;
    const std::string state = StateAndLevel(d.target).first;
    decisions += state == "DECIDED" || state == "PUBLISHED" ? 1 : 0;
  }
  std::string expected;
  for (const auto& [key, count] : expected_states) absl::StrAppend(&expected, key.first, "|", key.second, "|", count, "|\n");
  EXPECT_EQ(Query("SELECT state, current_level, count(*) FROM dossier.dossier GROUP BY 1, 2 ORDER BY 1, 2"), expected);
  EXPECT_GE(expected_states.size(), 27u) << "every state at every level it can be in";
  EXPECT_NE(first.output.find("Kịch bản demo: 200 hồ sơ"), std::string::npos) << first.output;

  // The past dossiers, and only they, are overdue: the province's dashboard says so, and its weekly chart has
  // them submitted four weeks ago, every submission and decision counted once.
  const std::string today = absl::FormatTime("%Y-%m-%d", absl::Now(), absl::FixedTimeZone(7 * 3600));
  EXPECT_EQ(Query("SELECT count(*) FROM dossier.dossier WHERE due_date < '" + today + "'"),
            absl::StrCat(past_count, "|\n"));
  EXPECT_EQ(past_count, 6);
  EXPECT_NE(first.output.find(absl::StrCat(past_count, " quá hạn xử lý")), std::string::npos) << first.output;
  const ToolRun stats = Ctl("--user nv.tinh --output json stats");
  ASSERT_EQ(stats.exit_code, 0) << stats.output;
  v1::GetDossierStatisticsResponse dashboard;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(stats.out, &dashboard).ok()) << stats.output;
  EXPECT_EQ(dashboard.overdue_count(), past_count);
  EXPECT_EQ(dashboard.overdue_size(), past_count) << "fewer than 20: all listed";
  int64_t counted = 0, submitted_weeks = 0, decided_weeks = 0;
  for (const v1::StateLevelCount& c : dashboard.counts()) counted += c.count();
  EXPECT_EQ(counted, submitted) << "the province sees every dossier once submitted";
  ASSERT_EQ(dashboard.weeks_size(), 13);
  for (const v1::WeeklyCount& w : dashboard.weeks()) {
    submitted_weeks += w.submitted();
    decided_weeks += w.decided();
  }
  EXPECT_EQ(submitted_weeks, submitted);
  EXPECT_EQ(decided_weeks, decisions);
  EXPECT_EQ(dashboard.weeks(12 - demo::kPastDays / 7).submitted(), past_count)
      << "the week of the past steps: " << stats.out;

  // The line to try next names a dossier waiting for Đồng Tân's appraiser; her inbox lists it, overdue ones first.
  const std::string marker = "tdktctl status ";
  const size_t at = first.output.find(marker);
  ASSERT_NE(at, std::string::npos) << first.output;
  const std::string code = first.output.substr(at + marker.size(), first.output.find('\n', at) - at - marker.size());
  ASSERT_GE(code.size(), 16u) << first.output;
  const ToolRun inbox = Ctl("inbox --user vp.dongtan");
  ASSERT_EQ(inbox.exit_code, 0) << inbox.output;
  EXPECT_NE(inbox.output.find(code), std::string::npos) << inbox.output;
  EXPECT_NE(inbox.output.find("QUÁ HẠN"), std::string::npos) << inbox.output;
  EXPECT_NE(inbox.output.find("Chiến sĩ thi đua cơ sở"), std::string::npos) << inbox.output;
  EXPECT_LT(inbox.output.find("QUÁ HẠN"), inbox.output.find(code)) << "overdue first: " << inbox.output;
  // Every demo login the output names works.
  for (const char* user : {"vt.dongtan.thdt", "vp.dongtan", "ct.dongtan", "uv.dongtan", "ct.tinh", "qt.tinh"}) {
    EXPECT_NE(first.output.find(user), std::string::npos) << user << " in\n" << first.output;
    EXPECT_EQ(Ctl(absl::StrCat("login --user ", user)).exit_code, 0) << user;
  }

  // The public status: no login, the state, and no nominee.
  unsetenv("TDKT_PASSWORD");
  const ToolRun status = Ctl("status " + code, "");
  setenv("TDKT_PASSWORD", kDemoPassword, 1);
  ASSERT_EQ(status.exit_code, 0) << status.output;
  EXPECT_NE(status.output.find("Đã nộp"), std::string::npos) << status.output;
  EXPECT_NE(status.output.find("Cấp hiện tại:   xã — UBND xã Đồng Tân"), std::string::npos) << status.output;
  for (const demo::DemoDossier& planned : plan) {
    EXPECT_EQ(status.output.find(planned.nominee_name), std::string::npos) << status.output;
  }
  EXPECT_EQ(Ctl("status KHONG-CO-MA-NAY").exit_code, 1);

  // Search at the province finds every submitted dossier at every level; login shows council grants.
  const ToolRun search = Ctl("search --user nv.tinh --state SUBMITTED --year 2026");
  ASSERT_EQ(search.exit_code, 0) << search.output;
  const int waiting = expected_states[{"SUBMITTED", 1}] + expected_states[{"SUBMITTED", 2}] +
                      expected_states[{"SUBMITTED", 4}];
  EXPECT_NE(search.output.find(absl::StrCat("Tìm thấy ", waiting, " hồ sơ")), std::string::npos) << search.output;
  const ToolRun login = Ctl("login --user ct.dongtan");
  ASSERT_EQ(login.exit_code, 0) << login.output;
  EXPECT_NE(login.output.find("Chủ tịch Hội đồng tại PT-DONGTAN"), std::string::npos) << login.output;
  const ToolRun show = Ctl("show --user vp.dongtan " + code);
  ASSERT_EQ(show.exit_code, 0) << show.output;
  EXPECT_NE(show.output.find("Kết thúc bỏ phiếu"), std::string::npos) << show.output;
  // Who took each step: the name in the directory, the role and the organisation it was authorised by.
  EXPECT_NE(show.output.find("(Cao Văn Minh, cán bộ thẩm định tại PT-DONGTAN-THDT"), std::string::npos)
      << show.output;
  EXPECT_NE(show.output.find("(Đặng Thị Thu Hà, Chủ tịch Hội đồng tại PT-DONGTAN-THDT"), std::string::npos)
      << show.output;
  EXPECT_NE(show.output.find("Bỏ phiếu:"), std::string::npos) << show.output;  // the unit council's round

  // Usage errors.
  EXPECT_EQ(Ctl("inbox --user vp.dongtan --password x").exit_code, 2);
  EXPECT_EQ(Ctl("demo-scenario --user vp.dongtan").exit_code, 2);

  // The outbox relay published the transitions.
  long long length = 0;
  for (int i = 0; i < 300 && length <= 0; ++i) {
    length = StreamLength("tdkt:events");
    if (length <= 0) absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_GT(length, 0);

  // The notifier applied every event of the scenario (it records each one, whoever it told)…
  Step("wait for the notifier");
  ASSERT_TRUE(WaitForTheNotifier(absl::Minutes(5))) << "the notifier did not apply every event of the scenario";
  // …and told each person what the recipient rules say of each dossier's path, once.
  std::map<std::pair<std::string, int>, int> told;
  for (const demo::DemoDossier& d : plan) Tell(d, told);
  std::string expected_told;
  for (const auto& [key, count] : told) absl::StrAppend(&expected_told, key.first, "|", key.second, "|", count, "|\n");
  EXPECT_EQ(Query("SELECT p.username, n.event_type, count(*) FROM notifier.notification n "
                  "JOIN directory.person p ON p.id::text = n.person_id GROUP BY 1, 2 ORDER BY 1, 2"),
            expected_told);
  // What the school's submitter reads with tdktctl, in Vietnamese.
  int to_submitter = 0;
  for (const auto& [key, count] : told) to_submitter += key.first == "vt.dongtan.thdt" ? count : 0;
  const ToolRun submitter = Ctl("notifications --user vt.dongtan.thdt");
  ASSERT_EQ(submitter.exit_code, 0) << submitter.output;
  EXPECT_NE(submitter.output.find(absl::StrCat("Thông báo của vt.dongtan.thdt: ", to_submitter, " thông báo, ",
                                               to_submitter, " chưa đọc")),
            std::string::npos)
      << submitter.output;
  EXPECT_NE(submitter.output.find("Hồ sơ bị trả lại để bổ sung: "), std::string::npos) << submitter.output;
  EXPECT_NE(submitter.output.find("Báo cáo thành tích chưa có xác nhận của Thủ trưởng đơn vị"), std::string::npos)
      << "the reason for a return: " << submitter.output;
  // A person the scenario gave nothing to do has no notification.
  const ToolRun nobody = Ctl("notifications --user vt.dongtan.thondt");
  ASSERT_EQ(nobody.exit_code, 0) << nobody.output;
  EXPECT_NE(nobody.output.find("Thông báo của vt.dongtan.thondt: 0 thông báo, 0 chưa đọc"), std::string::npos)
      << nobody.output;
  EXPECT_EQ(Ctl("notifications --user vp.dongtan --all").exit_code, 2);

  // What a user sees, in the test log (checked for secrets below like everything else the tools printed).
  std::cout << first.output << status.output << show.output << login.output;

  // No log and no tool output holds an ID number, a password or a token.
  StopServices();
  const std::string logs =
      ReadFile(dir_ / "directory.log") + ReadFile(dir_ / "dossier.log") + ReadFile(dir_ / "notifier.log");
  EXPECT_NE(logs.find("dossier ready"), std::string::npos) << logs;
  // The demo password is the demo's to print (one line names it for its accounts), nobody else's.
  std::string tools_but_the_demo = tool_output_;
  for (const ToolRun* demo_run : {&first, &second}) {
    const size_t at_run = tools_but_the_demo.find(demo_run->output);
    if (at_run != std::string::npos) tools_but_the_demo.erase(at_run, demo_run->output.size());
  }
  EXPECT_EQ(tools_but_the_demo.find(kDemoPassword), std::string::npos) << "a tool printed the demo password";
  EXPECT_EQ(logs.find(kDemoPassword), std::string::npos) << "a service log holds the demo password";
  std::vector<std::string> secrets = {kServicePassword, kNotifierPassword, "eyJhbGciOi"};
  for (const demo::DemoDossier& planned : plan) secrets.push_back(planned.nominee_id_number);
  for (const char* csv : {"/data/demo/people.csv", "/data/demo-units/people.csv"}) {
    std::ifstream people(std::string(TDKT_SOURCE_DIR) + csv);
    std::string line;
    std::getline(people, line);  // header
    while (std::getline(people, line)) {
      const std::vector<std::string> fields = absl::StrSplit(line, ',');
      ASSERT_GE(fields.size(), 3u) << line;
      secrets.push_back(fields[2]);
    }
  }
  ASSERT_GT(secrets.size(), 245u);
  for (const std::string& secret : secrets) {
    EXPECT_EQ(logs.find(secret), std::string::npos) << "a service log holds " << secret;
    EXPECT_EQ(tool_output_.find(secret), std::string::npos) << "a tool printed " << secret;
  }
  // At rest the nominees' ID numbers are sealed: no dossier row or stored response holds one, nor its hex.
  const std::string stored = Query("SELECT t::text FROM dossier.dossier t") +
                             Query("SELECT t::text FROM dossier.idempotency t");
  for (const demo::DemoDossier& planned : plan) {
    std::string hex;
    for (unsigned char c : planned.nominee_id_number) absl::StrAppend(&hex, absl::Hex(c, absl::kZeroPad2));
    EXPECT_EQ(stored.find(planned.nominee_id_number), std::string::npos) << planned.nominee_id_number;
    EXPECT_EQ(stored.find(hex), std::string::npos) << planned.nominee_id_number;
  }
}

}  // namespace
}  // namespace tdkt::e2e

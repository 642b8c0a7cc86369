// `tdktctl calendar set-year | show-year | changes` end to end with the real binaries: tdkt-directory-admin loads
// the demo directory and a system administrator, tdkt-directory and tdkt-dossier run as processes (the dossier
// seeds its calendar from data/holidays on its first start and LISTENs for changes), tdktctl demo-scenario gives it
// running deadlines, and tdktctl changes the calendar as a user would: a file that breaks a rule is refused with
// its file:line before anything is sent, a non-administrator is refused by the service, the administrator's change
// is stored once (again: nothing to change), the service recomputes the deadlines it moves, and show-year and
// changes read it back.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <fstream>
#include <random>
#include <sstream>

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "tests/support/child_process.h"
#include "tests/support/local_servers.h"
#include "tests/support/servers_environment.h"
#include "tests/support/service_process.h"

namespace tdkt {
namespace {

namespace fs = std::filesystem;

constexpr char kDemoPassword[] = "tdkt-demo-2025";
constexpr char kServicePassword[] = "svc-dossier-e2e-lich-nghi";

struct ToolRun {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string RandomHexKey() {
  std::random_device random;
  std::string hex;
  for (int i = 0; i < 64; ++i) hex += "0123456789abcdef"[random() % 16];
  return hex;
}

class CalendarEndToEnd : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / absl::StrCat("tdkt-e2e-calendar-", getpid());
    fs::create_directories(dir_);
    setenv("TDKT_PII_KEY", RandomHexKey().c_str(), 1);
    setenv("TDKT_DOSSIER_PII_KEY", RandomHexKey().c_str(), 1);
    setenv("TDKT_DOSSIER_DIRECTORY_PASSWORD", kServicePassword, 1);
    setenv("TDKT_PASSWORD", kDemoPassword, 1);
    setenv("XDG_CONFIG_HOME", (dir_ / "config").c_str(), 1);  // tdktctl's saved sessions: this test's own
  }
  void TearDown() override {
    if (dossier_.Running()) dossier_.Stop(SIGTERM, absl::Seconds(10));
    if (directory_.Running()) directory_.Stop(SIGTERM, absl::Seconds(10));
    if (HasFailure()) {
      std::cerr << "directory log:\n" << ReadFile(dir_ / "directory.log") << "\ndossier log:\n"
                << ReadFile(dir_ / "dossier.log") << "\n";
    }
    fs::remove_all(dir_);
  }

  ToolRun Shell(const std::string& command, const std::string& input = "") {
    const std::string out = (dir_ / "tool-output.txt").string();
    FILE* pipe = popen((command + " >" + out + " 2>&1").c_str(), "w");
    if (pipe == nullptr) return {};
    std::fputs(input.c_str(), pipe);
    const int status = pclose(pipe);
    return ToolRun{WIFEXITED(status) ? WEXITSTATUS(status) : -1, ReadFile(out)};
  }
  ToolRun Admin(const std::string& args, const std::string& input = "") {
    return Shell(absl::StrCat(TDKT_DIRECTORY_ADMIN_BINARY, " --pg-url '", url_, "' ", args), input);
  }
  ToolRun Ctl(const std::string& args) {
    return Shell(absl::StrCat(TDKT_TDKTCTL_BINARY, " --directory 127.0.0.1:", directory_port_, " --dossier 127.0.0.1:",
                              dossier_port_, " ", args));
  }

  std::string Query(const std::string& sql) {
    pqxx::connection connection(url_);
    pqxx::work work(connection);
    std::string all;
    for (const auto& row : work.exec(sql)) {
      for (const auto& field : row) absl::StrAppend(&all, field.is_null() ? "NULL" : field.c_str(), "|");
      all += "\n";
    }
    return all;
  }
  // What a refused change must leave as it was.
  std::string CalendarState() {
    return Query("SELECT version FROM dossier.calendar_state") + Query("SELECT count(*) FROM dossier.calendar_change") +
           Query("SELECT year, md5(arrangement) FROM dossier.calendar_year ORDER BY year") +
           Query("SELECT count(*) FROM dossier.event");
  }

  // The due date of every open (running or paused) deadline, by dossier.
  std::map<std::string, absl::CivilDay> OpenDueDates() {
    pqxx::connection connection(url_);
    pqxx::work work(connection);
    std::map<std::string, absl::CivilDay> out;
    for (const auto& row : work.exec("SELECT dossier_id, extract(year FROM due_date)::int, extract(month FROM due_date)::int, "
                                     "extract(day FROM due_date)::int FROM dossier.deadline "
                                     "WHERE state IN ('RUNNING', 'PAUSED')")) {
      out[row[0].as<std::string>()] = absl::CivilDay(row[1].as<int>(), row[2].as<int>(), row[3].as<int>());
    }
    return out;
  }

  std::string WriteFile(const std::string& name, const std::string& text) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path) << text;
    return path;
  }

  fs::path dir_;
  std::string url_ = testing::NewDatabase();
  std::unique_ptr<testing::RedisServer> redis_ = testing::PrivateRedis();
  testing::ChildProcess directory_;
  testing::ChildProcess dossier_;
  int directory_port_ = 0;
  int dossier_port_ = 0;
};

TEST_F(CalendarEndToEnd, SetYearFromAFileAsTheSystemAdministrator) {
  ASSERT_EQ(
      Admin("import " + std::string(TDKT_SOURCE_DIR) + "/data/demo " + TDKT_SOURCE_DIR + "/data/demo-units").exit_code,
      0);
  ASSERT_EQ(Admin("create-service-account svc-dossier 'Dịch vụ hồ sơ'").exit_code, 0);
  ASSERT_EQ(Admin("set-password svc-dossier", std::string(kServicePassword) + "\n").exit_code, 0);
  ASSERT_EQ(Admin("create-system-admin quantri 'Quản trị hệ thống'").exit_code, 0);
  ASSERT_EQ(Admin("set-password --all-without-password", std::string(kDemoPassword) + "\n").exit_code, 0);
  auto directory = testing::StartServiceOnAnyPort({TDKT_DIRECTORY_BINARY, "--pg-url", url_},
                                                  (dir_ / "directory.log").string(), absl::Seconds(30));
  ASSERT_TRUE(directory.ok()) << directory.status();
  directory_ = std::move(directory->process);
  directory_port_ = directory->port;
  auto dossier = testing::StartServiceOnAnyPort(
      {TDKT_DOSSIER_BINARY, "--pg-url", url_, "--redis-url", redis_->url(), "--directory-addr",
       absl::StrCat("127.0.0.1:", directory_port_)},
      (dir_ / "dossier.log").string());
  ASSERT_TRUE(dossier.ok()) << dossier.status();
  dossier_ = std::move(dossier->process);
  dossier_port_ = dossier->port;
  ASSERT_EQ(Ctl("demo-scenario --without-bloc").exit_code, 0);  // no campaign service here
  EXPECT_NE(ReadFile(dir_ / "dossier.log").find("calendar seeded from"), std::string::npos);

  // The stored 2026 as shipped, read back by any user.
  ToolRun show = Ctl("calendar show-year 2026 --user vp.dongtan");
  ASSERT_EQ(show.exit_code, 0) << show.output;
  EXPECT_NE(show.output.find("Lịch nghỉ năm 2026 (phiên bản lịch 1):"), std::string::npos) << show.output;
  EXPECT_NE(show.output.find("Nghỉ 2026-02-14 – 2026-02-22  Tết Nguyên đán Bính Ngọ"), std::string::npos) << show.output;
  EXPECT_NE(show.output.find("Làm bù 2026-08-22"), std::string::npos) << show.output;

  // The day off to add: the first weekday of the deadlines the scenario has running, counted from tomorrow.
  absl::CivilDay day_off(absl::ToCivilDay(absl::Now(), absl::FixedTimeZone(7 * 3600)) + 1);
  while (absl::GetWeekday(day_off) == absl::Weekday::saturday || absl::GetWeekday(day_off) == absl::Weekday::sunday) {
    ++day_off;
  }
  ASSERT_EQ(day_off.year(), 2026) << "the test adds to the shipped 2026 (it runs in 2026)";
  const std::string shipped = ReadFile(std::string(TDKT_SOURCE_DIR) + "/data/holidays/2026.textproto");
  const std::string day_off_text = absl::StrCat("{ year: 2026 month: ", day_off.month(), " day: ", day_off.day(), " }");
  const std::string good = WriteFile(
      "2026.textproto", absl::StrCat(shipped, "days_off {\n  first ", day_off_text, "\n  note: \"nghỉ thêm (thử nghiệm)\"\n}\n"));

  // Files that break a rule: refused with file:line before anything is sent.
  const std::string before = CalendarState();
  struct Bad {
    std::string text;
    std::string expected;  // after "<path>:"
  };
  const std::vector<Bad> bad = {
      {absl::StrCat(shipped, "days_off {\n  first { year: 2026 month: 2 day: 20 }\n  note: \"trùng Tết\"\n}\n"),
       "trùng với đợt «Tết Nguyên đán Bính Ngọ»"},
      {absl::StrCat(shipped, "make_up_working_days {\n  date { year: 2026 month: 12 day: 2 }\n}\n"),
       "ngày làm bù 2026-12-02 không phải thứ Bảy hay Chủ nhật"},
      {absl::StrCat(shipped, "days_off {\n  first { year: 2027 month: 1 day: 1 }\n  note: \"Tết Dương lịch 2027\"\n}\n"),
       "ngày 2027-01-01 nằm ngoài năm 2026"},
      {absl::StrCat(shipped, "days_off {\n  first ", day_off_text, "\n}\n"), "chưa có tên `note`"},
      {"year: 2026\ndays_off { frist { year: 2026 } }\n", ""},
  };
  const int shipped_lines = static_cast<int>(std::count(shipped.begin(), shipped.end(), '\n'));
  for (size_t i = 0; i < bad.size(); ++i) {
    const std::string path = WriteFile(absl::StrCat("bad-", i, ".textproto"), bad[i].text);
    const ToolRun refused = Ctl(absl::StrCat("calendar set-year ", path, " --user quantri"));
    EXPECT_EQ(refused.exit_code, 1) << refused.output;
    const size_t at = refused.output.find(path + ":");
    ASSERT_NE(at, std::string::npos) << refused.output;
    const int line = std::atoi(refused.output.c_str() + at + path.size() + 1);
    EXPECT_GT(line, i < 4 ? shipped_lines : 1) << "the line of the offending field: " << refused.output;
    EXPECT_NE(refused.output.find(bad[i].expected), std::string::npos) << refused.output;
  }
  EXPECT_EQ(CalendarState(), before);

  // Someone else than the system administrator: refused by the service, nothing changes.
  ToolRun denied = Ctl(absl::StrCat("calendar set-year ", good, " --user qt.tinh"));
  EXPECT_EQ(denied.exit_code, 1) << denied.output;
  EXPECT_NE(denied.output.find("không có quyền"), std::string::npos) << denied.output;
  EXPECT_NE(denied.output.find("Chỉ quản trị hệ thống"), std::string::npos) << denied.output;
  EXPECT_EQ(CalendarState(), before);

  // The system administrator: stored once, with the reason; the same file again changes nothing.
  const std::map<std::string, absl::CivilDay> due_before = OpenDueDates();
  ASSERT_FALSE(due_before.empty());
  ToolRun set = Ctl(absl::StrCat("calendar set-year ", good, " --reason 'Thông báo thử nghiệm số 1' --user quantri"));
  ASSERT_EQ(set.exit_code, 0) << set.output;
  EXPECT_NE(set.output.find("Đã lưu lịch nghỉ năm 2026 (phiên bản lịch 1 → 2), lý do: Thông báo thử nghiệm số 1"),
            std::string::npos)
      << set.output;
  const std::string after = Query("SELECT version FROM dossier.calendar_state") +
                            Query("SELECT count(*) FROM dossier.calendar_change");
  EXPECT_EQ(after, "2|\n4|\n");
  ToolRun again = Ctl(absl::StrCat("calendar set-year ", good, " --user quantri"));
  EXPECT_EQ(again.exit_code, 0) << again.output;
  EXPECT_NE(again.output.find("không có gì thay đổi"), std::string::npos) << again.output;
  EXPECT_EQ(Query("SELECT version FROM dossier.calendar_state") + Query("SELECT count(*) FROM dossier.calendar_change"),
            after);

  // The service recomputes the open deadlines the day off moves (its watcher heard the change), and only those.
  std::string stale;
  for (int i = 0; i < 300; ++i) {
    stale = Query("SELECT count(*) FROM dossier.deadline WHERE state IN ('RUNNING', 'PAUSED') AND calendar_version < 2");
    if (stale == "0|\n") break;
    absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_EQ(stale, "0|\n");
  // The scenario received every open deadline today, so each spans the day off: one working day later, once.
  const std::map<std::string, absl::CivilDay> due_after = OpenDueDates();
  ASSERT_EQ(due_after.size(), due_before.size());
  for (const auto& [dossier, due] : due_before) {
    absl::CivilDay next = due + 1;
    while (absl::GetWeekday(next) == absl::Weekday::saturday || absl::GetWeekday(next) == absl::Weekday::sunday) ++next;
    EXPECT_EQ(due_after.at(dossier), next) << dossier;
  }
  EXPECT_EQ(Query("SELECT count(*) FROM dossier.event WHERE type = 'RECALCULATE_DEADLINE'"),
            absl::StrCat(due_before.size(), "|\n"));

  // Read back: the new day off with its name, and the audit with who and why.
  show = Ctl("calendar show-year 2026 --user vp.dongtan");
  ASSERT_EQ(show.exit_code, 0) << show.output;
  EXPECT_NE(show.output.find("(phiên bản lịch 2)"), std::string::npos) << show.output;
  EXPECT_NE(show.output.find(absl::StrCat(absl::FormatCivilTime(day_off), "  nghỉ thêm (thử nghiệm)")),
            std::string::npos)
      << show.output;
  ToolRun changes = Ctl("calendar changes --year 2026 --user quantri");
  ASSERT_EQ(changes.exit_code, 0) << changes.output;
  EXPECT_NE(changes.output.find("2 thay đổi"), std::string::npos) << changes.output;
  EXPECT_NE(changes.output.find("phiên bản 1 → 2  năm 2026"), std::string::npos) << changes.output;
  EXPECT_NE(changes.output.find("Quản trị hệ thống (mã "), std::string::npos) << changes.output;
  EXPECT_NE(changes.output.find("lý do: Thông báo thử nghiệm số 1"), std::string::npos) << changes.output;
  EXPECT_EQ(Ctl("calendar changes --user vp.dongtan").exit_code, 1);
  EXPECT_EQ(Ctl("calendar show-year 20x6 --user vp.dongtan").exit_code, 2);
}

}  // namespace
}  // namespace tdkt

// Runs the built tdktctl binary (TDKTCTL_BINARY, from CMake) and checks its output and exit codes.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace {

struct Result {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Single-quotes a word for /bin/sh.
std::string Quote(const std::string& word) {
  std::string quoted = "'";
  for (char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

Result RunTdktctl(const std::vector<std::string>& args, const std::string& env = "") {
  // Per process: ctest runs the test cases of this binary in parallel.
  const std::string stem = ::testing::TempDir() + "/tdktctl." + std::to_string(getpid());
  const std::string out = stem + ".out";
  const std::string err = stem + ".err";
  std::string command = env + " " + Quote(TDKTCTL_BINARY);
  for (const std::string& arg : args) command += " " + Quote(arg);
  command += " >" + Quote(out) + " 2>" + Quote(err);
  const int status = std::system(command.c_str());
  Result result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = ReadFile(out);
  result.err = ReadFile(err);
  std::remove(out.c_str());
  std::remove(err.c_str());
  return result;
}

Result Calendar(std::vector<std::string> args, const std::string& env = "") {
  args.insert(args.begin(), "calendar");
  return RunTdktctl(args, env);
}

void ExpectOutput(const std::vector<std::string>& args, const std::string& line) {
  const Result result = Calendar(args);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, line + "\n");
  EXPECT_EQ(result.err, "");
}

// One line on stderr, nothing on stdout, exit 2.
void ExpectUsageError(const std::vector<std::string>& args, const std::string& fragment) {
  const Result result = Calendar(args);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.out, "");
  EXPECT_NE(result.err.find(fragment), std::string::npos) << result.err;
}

TEST(TdktctlCalendarTest, Lunar) {
  ExpectOutput({"lunar", "2026-02-17"}, "1/1/2026");
  ExpectOutput({"lunar", "1985-01-21"}, "1/1/1985");
  ExpectOutput({"lunar", "2025-07-25"}, "1/6/2025 (nhuận)");
  ExpectOutput({"lunar", "2026-02-16"}, "29/12/2025");
}

TEST(TdktctlCalendarTest, IsWorkingDayUsesTheShippedArrangements) {
  ExpectOutput({"is-working-day", "2025-04-26"}, "yes");  // make-up Saturday
  ExpectOutput({"is-working-day", "2026-08-22"}, "yes");
  ExpectOutput({"is-working-day", "2024-05-04"}, "yes");
  ExpectOutput({"is-working-day", "2026-08-31"}, "no");
  ExpectOutput({"is-working-day", "2026-02-20"}, "no");
  ExpectOutput({"is-working-day", "2025-03-05"}, "yes");
}

TEST(TdktctlCalendarTest, Arithmetic) {
  ExpectOutput({"add-working-days", "2026-02-13", "1"}, "2026-02-23");
  ExpectOutput({"add-working-days", "2025-03-03", "10"}, "2025-03-17");
  ExpectOutput({"add-working-days", "2025-03-08", "0"}, "2025-03-08");
  ExpectOutput({"working-days-between", "2026-02-13", "2026-02-23"}, "1");
  ExpectOutput({"working-days-between", "2025-03-17", "2025-03-03"}, "-10");
}

TEST(TdktctlCalendarTest, MalformedInputExits2WithOneLine) {
  ExpectUsageError({"lunar", "2025-02-30"}, "invalid date \"2025-02-30\"");
  ExpectUsageError({"is-working-day", "2025-2-3"}, "invalid date");
  ExpectUsageError({"is-working-day", "tomorrow"}, "invalid date");
  ExpectUsageError({"add-working-days", "2025-03-03", "ten"}, "invalid number of working days \"ten\"");
  ExpectUsageError({"add-working-days", "2025-03-03", "-1"}, "invalid number");
  ExpectUsageError({"add-working-days", "2025-03-03", "+1"}, "invalid number");
  ExpectUsageError({"add-working-days", "2025-03-03", "99999999999999999999"}, "invalid number");
  ExpectUsageError({"working-days-between", "2025-03-03", "2025-13-01"}, "invalid date \"2025-13-01\"");
  ExpectUsageError({"is-working-day", "2101-01-01"}, "outside the calendar");
  ExpectUsageError({"add-working-days", "2100-12-30", "5"}, "goes beyond");
  const Result malformed = Calendar({"lunar", "2025-02-30"});
  EXPECT_EQ(std::count(malformed.err.begin(), malformed.err.end(), '\n'), 1) << malformed.err;
}

TEST(TdktctlCalendarTest, UsageErrorsExit2) {
  ExpectUsageError({}, "missing subcommand");
  ExpectUsageError({"easter", "2025-01-01"}, "unknown subcommand \"easter\"");
  ExpectUsageError({"is-working-day"}, "takes one argument");
  ExpectUsageError({"add-working-days", "2025-01-01"}, "takes two arguments");
  const Result no_subcommand = RunTdktctl({"frobnicate"});
  EXPECT_EQ(no_subcommand.exit_code, 2);
  EXPECT_NE(no_subcommand.err.find("calendar"), std::string::npos);
}

TEST(TdktctlCalendarTest, DataDirectoryFromFlagAndEnvironment) {
  // An empty holidays/ directory: only the computed defaults, so the make-up Saturday is a day off again.
  const std::filesystem::path empty = std::filesystem::path(::testing::TempDir()) / ("tdktctl-empty-data." + std::to_string(getpid()));
  std::filesystem::create_directories(empty / "holidays");
  Result result = Calendar({"--data-dir", empty.string(), "is-working-day", "2025-04-26"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "no\n");
  result = Calendar({"is-working-day", "2025-04-26"}, "TDKT_DATA_DIR=" + empty.string());
  EXPECT_EQ(result.out, "no\n");
  // The flag wins over the environment.
  result = Calendar({"--data-dir=" TDKT_SOURCE_DATA_DIR, "is-working-day", "2025-04-26"},
                    "TDKT_DATA_DIR=" + empty.string());
  EXPECT_EQ(result.out, "yes\n");
  std::filesystem::remove_all(empty);
}

TEST(TdktctlCalendarTest, BrokenDataExits1WithFileAndLine) {
  const std::filesystem::path broken = std::filesystem::path(::testing::TempDir()) / ("tdktctl-broken-data." + std::to_string(getpid()));
  std::filesystem::create_directories(broken / "holidays");
  std::ofstream(broken / "holidays" / "2026.textproto") << "year: 2026\nmake_up_working_days {\n"
                                                           "  date { year: 2026 month: 8 day: 24 }\n}\n";
  const Result result = Calendar({"--data-dir", broken.string(), "is-working-day", "2026-08-24"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.out, "");
  EXPECT_NE(result.err.find("2026.textproto:3: ngày làm bù 2026-08-24 không phải thứ Bảy hay Chủ nhật (make-up "
                            "working day is not a Saturday"),
            std::string::npos)
      << result.err;
  // The lunar calendar needs no data.
  EXPECT_EQ(Calendar({"--data-dir", "/nonexistent", "lunar", "2007-02-17"}).out, "1/1/2007\n");
  std::filesystem::remove_all(broken);
}

}  // namespace

// notifier_bench: how long a notification takes from the commit of its transition to the person, through the real
// pipeline (tests/integration/services/notifier/support/pipeline.h): the dossier service in process with its
// outbox relay, the real tdkt-directory on the demo directory and one tdkt-notifier process, on a private
// PostgreSQL (durable commits, as deploy/local/pg) and a private Redis (append-only file, fsync every second, as
// deploy/local/redis).
//
// The load: `--dossiers` dossiers of Trường Tiểu học Đồng Tân under review, returned and resubmitted in turn at a
// steady `--rate` transitions per second in all (open loop: transition k is due at start + k / rate, whoever is
// free takes it) for `--seconds`. Each transition tells exactly one person: a return its submitter, a resubmission
// its appraiser. For each notification the bench measures, from the moment the transition's call returned (the
// commit is a fraction of a millisecond before):
//   (a) when ListNotifications first shows it — each of the two people is polled every `--poll-ms`;
//   (b) when it arrives on a WatchNotifications stream each of them holds open.
// Then, in the same run: the notifier's resident memory idle (before the load) and after it; the relay's
// maximum sustained rate (`--relay-rows` outbox rows inserted at once, published by a relay of their own);
// and, on the same Redis, redis-benchmark sending XADDs of the same size (Debian's redis-benchmark 7.0 has
// no xadd test: the XADD is given as its command) with one connection, as the relay sends them, and with 16.
//
//   notifier_bench [--seconds 60] [--rate 100] [--dossiers 16] [--poll-ms 5] [--relay-rows 20000] [--durable 1|0]
//                  [--consumer-threads 4]
//
// --durable 0 runs PostgreSQL without waiting for the disk (fsync off), to see what the commits cost.
//
// Prints Markdown for bench/RESULTS.md. Not part of ctest.
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <grpcpp/grpcpp.h>
#include <pqxx/pqxx>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "services/common/outbox_relay.h"
#include "services/common/pg_pool.h"
#include "services/common/redis_streams.h"
#include "services/dossier/dossier_server.h"
#include "services/notifier/fanout_subscriber.h"
#include "tdkt/v1/events.pb.h"
#include "tdkt/v1/notifier.grpc.pb.h"
#include "tests/integration/services/notifier/support/pipeline.h"
#include "tests/support/local_servers.h"

namespace {

namespace v1 = tdkt::v1;
using tdkt::notifier_test::MadeTransition;
using tdkt::notifier_test::Pipeline;
using tdkt::notifier_test::SchoolDossier;
using tdkt::notifier_test::SchoolDossiers;

struct Options {
  int seconds = 60;
  int rate = 100;
  int dossiers = 16;
  int poll_ms = 5;
  int relay_rows = 20000;
  int durable = 1;  // 0: PostgreSQL never waits for the disk (to see what the commits cost)
  int consumer_threads = 4;  // tdkt-notifier --consumer-threads
};

Options ParseOptions(int argc, char** argv) {
  Options options;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    int* target = flag == "--seconds"      ? &options.seconds
                  : flag == "--rate"       ? &options.rate
                  : flag == "--dossiers"   ? &options.dossiers
                  : flag == "--poll-ms"    ? &options.poll_ms
                  : flag == "--relay-rows" ? &options.relay_rows
                  : flag == "--durable"    ? &options.durable
                  : flag == "--consumer-threads" ? &options.consumer_threads
                                           : nullptr;
    if (target != nullptr && absl::SimpleAtoi(argv[i + 1], target) && (*target > 0 || target == &options.durable)) {
      continue;
    }
    std::cerr << "usage: notifier_bench [--seconds 60] [--rate 100] [--dossiers 16] [--poll-ms 5] "
                 "[--relay-rows 20000] [--durable 1|0] [--consumer-threads 4]\n";
    std::exit(2);
  }
  return options;
}

[[noreturn]] void Fail(const std::string& what) {
  std::cerr << "notifier_bench: " << what << "\n";
  std::exit(1);
}

template <typename T>
T OrFail(absl::StatusOr<T> value, const std::string& what) {
  if (!value.ok()) Fail(absl::StrCat(what, ": ", value.status().ToString()));
  return *std::move(value);
}

double ResidentMegabytes(pid_t pid) {
  std::ifstream status(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) != 0) continue;
    double kilobytes = 0;
    if (absl::SimpleAtod(line.substr(6, line.size() - 6 - 3), &kilobytes)) return kilobytes / 1024.0;
  }
  return 0;
}

// User + system CPU seconds a process has used (/proc/<pid>/stat fields 14 and 15).
double CpuSeconds(pid_t pid) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/stat"));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const size_t close = text.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream fields(text.substr(close + 2));
  std::string skip;
  for (int i = 3; i < 14; ++i) fields >> skip;
  double user = 0, system = 0;
  fields >> user >> system;
  return (user + system) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return absl::StrCat(one, " ", five, " ", fifteen);
}

struct Percentiles {
  size_t count = 0;
  double p50 = 0, p99 = 0, max = 0;
};

Percentiles Summarise(std::vector<double> ms) {
  Percentiles p;
  p.count = ms.size();
  if (ms.empty()) return p;
  std::sort(ms.begin(), ms.end());
  auto at = [&](double q) { return ms[std::min(ms.size() - 1, static_cast<size_t>(std::ceil(q * ms.size())) - 1)]; };
  p.p50 = at(0.50);
  p.p99 = at(0.99);
  p.max = ms.back();
  return p;
}

// When each notification id was first seen, by whichever reader saw it.
class Sightings {
 public:
  void Saw(const std::string& id, absl::Time at) {
    std::lock_guard lock(mutex_);
    first_.emplace(id, at);  // keeps the first
  }
  std::map<std::string, absl::Time> Snapshot() {
    std::lock_guard lock(mutex_);
    return first_;
  }
  size_t size() {
    std::lock_guard lock(mutex_);
    return first_.size();
  }

 private:
  std::mutex mutex_;
  std::map<std::string, absl::Time> first_;
};

// One person's open WatchNotifications stream, read on its own thread.
class Watch {
 public:
  Watch(v1::NotifierService::Stub& stub, const std::string& token, Sightings& sightings) : sightings_(sightings) {
    context_.AddMetadata("authorization", "Bearer " + token);
    reader_ = stub.WatchNotifications(&context_, v1::WatchNotificationsRequest());
    thread_ = std::thread([this] {
      v1::WatchNotificationsResponse response;
      while (reader_->Read(&response)) {
        if (response.has_notification()) sightings_.Saw(response.notification().id(), absl::Now());
      }
    });
  }
  ~Watch() {
    context_.TryCancel();
    thread_.join();
    reader_->Finish();
  }

 private:
  Sightings& sightings_;
  grpc::ClientContext context_;
  std::unique_ptr<grpc::ClientReader<v1::WatchNotificationsResponse>> reader_;
  std::thread thread_;
};

// Polls one person's ListNotifications (the newest 10: every one is unread, so the newest come first).
class Poller {
 public:
  Poller(v1::NotifierService::Stub& stub, std::string token, absl::Duration every, Sightings& sightings)
      : stub_(stub), token_(std::move(token)), every_(every), sightings_(sightings) {
    thread_ = std::thread([this] { Run(); });
  }
  ~Poller() {
    stop_ = true;
    thread_.join();
  }
  int failures() const { return failures_; }

 private:
  void Run() {
    while (!stop_) {
      const absl::Time started = absl::Now();
      grpc::ClientContext context;
      context.AddMetadata("authorization", "Bearer " + token_);
      context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
      v1::ListNotificationsRequest request;
      request.mutable_page()->set_page_size(10);
      v1::ListNotificationsResponse response;
      if (stub_.ListNotifications(&context, request, &response).ok()) {
        const absl::Time answered = absl::Now();
        for (const v1::Notification& n : response.notifications()) sightings_.Saw(n.id(), answered);
      } else {
        ++failures_;
      }
      absl::SleepFor(started + every_ - absl::Now());
    }
  }

  v1::NotifierService::Stub& stub_;
  const std::string token_;
  const absl::Duration every_;
  Sightings& sightings_;
  std::atomic<bool> stop_{false};
  std::atomic<int> failures_{0};
  std::thread thread_;
};

bool Drained(const std::string& redis_url) {
  auto info = tdkt::notifier::ReadGroupInfo(*tdkt::common::ParseRedisUrl(redis_url), "tdkt:events", "notifier");
  return info.ok() && info->pending == 0 && info->lag == 0;
}

void WaitUntilDrained(const std::string& redis_url, absl::Duration timeout) {
  const absl::Time give_up = absl::Now() + timeout;
  while (!Drained(redis_url)) {
    if (absl::Now() > give_up) Fail("the notifier did not catch up");
    absl::SleepFor(absl::Milliseconds(100));
  }
}

// Runs a command line; its standard output.
std::string Output(const std::string& command) {
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return "";
  std::string out;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  pclose(pipe);
  return out;
}

// redis-benchmark's "requests per second" for XADDs of `data_bytes` with `clients` connections.
double RedisBenchmarkXadd(const tdkt::testing::RedisServer& redis, int clients, int requests, size_t data_bytes) {
  const std::string command = absl::StrCat(
      "redis-benchmark -h 127.0.0.1 -p ", redis.port(), " -c ", clients, " -n ", requests,
      " -q XADD bench:xadd MAXLEN '~' 1000000 '*' event_id 3f1c2a9e-0000-4000-8000-000000000000 type "
      "EVENT_TYPE_DOSSIER_RETURNED dossier_id 1c011b78-2c73-457f-a7ce-bc959c7bcab2 data ",
      std::string(data_bytes, 'x'), " 2>/dev/null");
  const std::string out = Output(command);
  // "XADD bench:xadd ...: 12345.68 requests per second, p50=0.071 msec" (the last report line wins)
  const size_t at = out.rfind(" requests per second");
  if (at == std::string::npos) return 0;
  const size_t colon = out.rfind(": ", at);
  double rate = 0;
  return colon != std::string::npos && absl::SimpleAtod(out.substr(colon + 2, at - colon - 2), &rate) ? rate : 0;
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = ParseOptions(argc, argv);
  const std::string load_before = LoadAverage();
  char dir_template[] = "/tmp/tdkt-notifier-bench-XXXXXX";
  const char* made_dir = mkdtemp(dir_template);
  if (made_dir == nullptr) Fail("mkdtemp");
  const std::string dir = made_dir;
  tdkt::testing::PostgresServer postgres({.fsync = options.durable != 0});
  if (absl::Status status = postgres.Start(); !status.ok()) Fail(status.ToString());
  tdkt::testing::RedisServer redis({.append_only = true, .appendfsync = "everysec"});
  if (absl::Status status = redis.StartLocal(); !status.ok()) Fail(status.ToString());
  const std::string url = OrFail(postgres.CreateDatabase(), "create the database");

  auto pipeline = OrFail(Pipeline::Start({.binaries = {TDKT_DIRECTORY_BINARY, TDKT_DIRECTORY_ADMIN_BINARY,
                                                       TDKT_NOTIFIER_BINARY},
                                          .pg_url = url,
                                          .work_dir = dir,
                                          .data_dir = TDKT_SOURCE_DATA_DIR}),
                         "start the pipeline");
  auto* dossier = OrFail(pipeline->StartDossier(redis.url()), "start the dossier service");
  auto* notifier = OrFail(
      pipeline->StartNotifier("bench", redis.url(),
                              {"--consumer-threads", absl::StrCat(options.consumer_threads), "--pg-pool-size", "4"}),
      "start the notifier");

  // The dossiers, and the notifier idle once it has applied their events.
  SchoolDossiers prepare(*pipeline, *dossier, "chuan-bi");
  std::vector<SchoolDossier> dossiers;
  for (int i = 0; i < options.dossiers; ++i) dossiers.push_back(OrFail(prepare.CreateUnderReview(), "prepare"));
  WaitUntilDrained(redis.url(), absl::Seconds(60));
  absl::SleepFor(absl::Seconds(5));
  const double idle_rss = ResidentMegabytes(notifier->process.pid());

  // The two people told, each with an open stream and a poller.
  const std::string appraiser = OrFail(pipeline->Token(tdkt::notifier_test::kSchoolAppraiser), "log in");
  const std::string submitter = OrFail(pipeline->Token(tdkt::notifier_test::kSchoolSubmitter), "log in");
  auto watch_stub = pipeline->NotifierStub(*notifier);
  auto poll_stub = pipeline->NotifierStub(*notifier);
  Sightings watched, listed;
  auto watch_appraiser = std::make_unique<Watch>(*watch_stub, appraiser, watched);
  auto watch_submitter = std::make_unique<Watch>(*watch_stub, submitter, watched);
  absl::SleepFor(absl::Seconds(1));  // the replays (the preparation's notifications) are in
  const size_t seen_before = watched.size();
  auto poll_appraiser = std::make_unique<Poller>(*poll_stub, appraiser, absl::Milliseconds(options.poll_ms), listed);
  auto poll_submitter = std::make_unique<Poller>(*poll_stub, submitter, absl::Milliseconds(options.poll_ms), listed);
  absl::SleepFor(absl::Seconds(1));

  // The steady load.
  const double cpu_before = CpuSeconds(notifier->process.pid());
  SchoolDossiers school(*pipeline, *dossier, "tai");
  const int total = options.seconds * options.rate;
  std::atomic<int> next_ticket{0};
  std::atomic<int> failures{0};
  std::atomic<int> late{0};  // transitions that started more than 10 ms after they were due
  const absl::Time start = absl::Now() + absl::Milliseconds(100);
  std::vector<std::thread> workers;
  for (int w = 0; w < options.dossiers; ++w) {
    workers.emplace_back([&, w] {
      SchoolDossier& mine = dossiers[w];
      bool returned = false;
      while (true) {
        const int ticket = next_ticket.fetch_add(1);
        if (ticket >= total) return;
        const absl::Time due = start + absl::Seconds(ticket) / options.rate;
        const absl::Duration wait = due - absl::Now();
        if (wait > absl::ZeroDuration()) {
          absl::SleepFor(wait);
        } else if (wait < -absl::Milliseconds(10)) {
          ++late;
        }
        const absl::Status status = returned ? school.Resubmit(mine) : school.Return(mine);
        if (!status.ok()) {
          ++failures;
          std::cerr << status << "\n";
          continue;
        }
        returned = !returned;
      }
    });
  }
  for (auto& worker : workers) worker.join();
  const double load_seconds = absl::ToDoubleSeconds(absl::Now() - start);
  const std::vector<MadeTransition> made = school.made();
  const size_t expected_seen = seen_before + made.size();
  const absl::Time give_up = absl::Now() + absl::Seconds(30);
  while ((watched.size() < expected_seen || listed.size() < made.size()) && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(100));
  }
  const int poll_failures = poll_appraiser->failures() + poll_submitter->failures();
  poll_appraiser.reset();
  poll_submitter.reset();
  watch_appraiser.reset();
  watch_submitter.reset();
  WaitUntilDrained(redis.url(), absl::Seconds(30));
  const double loaded_rss = ResidentMegabytes(notifier->process.pid());
  const double notifier_cpu = CpuSeconds(notifier->process.pid()) - cpu_before;
  absl::SleepFor(absl::Seconds(5));
  const double rss_after = ResidentMegabytes(notifier->process.pid());
  const std::string load_after_run = LoadAverage();

  // Each notification → the transition that made it (its outbox row's event_seq is the version after it).
  std::map<std::string, absl::Time> committed;  // "<dossier>/<version>"
  for (const MadeTransition& t : made) committed[absl::StrCat(t.dossier_id, "/", t.version)] = t.committed;
  const std::map<std::string, absl::Time> watch_seen = watched.Snapshot();
  const std::map<std::string, absl::Time> list_seen = listed.Snapshot();
  // When the relay put each event on the stream: its entry id's milliseconds (the Redis clock: this machine's).
  std::map<std::string, absl::Time> streamed;
  {
    tdkt::common::RedisStreams streams(*tdkt::common::ParseRedisUrl(redis.url()));
    const auto entries = OrFail(streams.XRevRange("tdkt:events", "+", "-", 1'000'000), "read the stream");
    for (const tdkt::common::StreamEntry& entry : entries) {
      for (const auto& [name, value] : entry.fields) {
        int64_t ms = 0;
        if (name == "event_id" && absl::SimpleAtoi(entry.id.substr(0, entry.id.find('-')), &ms)) {
          streamed[value] = absl::FromUnixMillis(ms);
        }
      }
    }
  }
  std::vector<double> list_ms, watch_ms, relay_ms;
  size_t notified = 0, unseen_list = 0, unseen_watch = 0;
  {
    pqxx::connection connection(url);
    pqxx::work work(connection);
    for (const auto& row : work.exec("SELECT n.id::text, o.dossier_id, o.event_seq, n.event_id "
                                     "FROM notifier.notification n JOIN dossier.outbox o ON o.event_id = n.event_id")) {
      const auto it = committed.find(absl::StrCat(row[1].c_str(), "/", row[2].c_str()));
      if (it == committed.end()) continue;  // the preparation's
      ++notified;
      if (auto at = streamed.find(row[3].c_str()); at != streamed.end()) {
        relay_ms.push_back(absl::ToDoubleMilliseconds(at->second - it->second));
      }
      const std::string id = row[0].c_str();
      if (auto seen = list_seen.find(id); seen != list_seen.end()) {
        list_ms.push_back(absl::ToDoubleMilliseconds(seen->second - it->second));
      } else {
        ++unseen_list;
      }
      if (auto seen = watch_seen.find(id); seen != watch_seen.end()) {
        watch_ms.push_back(absl::ToDoubleMilliseconds(seen->second - it->second));
      } else {
        ++unseen_watch;
      }
    }
  }
  const Percentiles list = Summarise(list_ms);
  const Percentiles watch = Summarise(watch_ms);
  const Percentiles relay_part = Summarise(relay_ms);

  // The relay's maximum rate: the notifier and the dossier service stop; rows like a return's wait in the outbox
  // at once; a relay of their own publishes them to tdkt:events, 200 a pass, as fast as it can.
  notifier->process.Stop(SIGTERM, absl::Seconds(10));
  dossier->server->Shutdown();
  std::string envelope_bytes;
  {
    pqxx::connection connection(url);
    pqxx::work work(connection);
    const pqxx::result sample = work.exec(
        "SELECT envelope, dossier_id FROM dossier.outbox WHERE type = 'EVENT_TYPE_DOSSIER_RETURNED' ORDER BY id DESC "
        "LIMIT 1");
    if (sample.empty()) Fail("no returned event to copy");
    v1::EventEnvelope envelope;
    envelope.ParseFromString(pqxx::binarystring(sample[0][0]).str());
    envelope_bytes = envelope.SerializeAsString();
    work.exec_params(
        "INSERT INTO dossier.outbox (event_id, dossier_id, event_seq, type, envelope) "
        "SELECT 'relay-bench-' || g, $1, 1000000 + g, 'EVENT_TYPE_DOSSIER_RETURNED', $2 FROM generate_series(1, $3) g",
        std::string(sample[0][1].c_str()), pqxx::binarystring(envelope_bytes), options.relay_rows);
    work.commit();
  }
  auto relay_pool = OrFail(tdkt::common::PgPool::Connect(url, 1), "relay pool");
  tdkt::common::OutboxRelayOptions relay_options = tdkt::dossier::DossierRelayOptions();
  tdkt::common::OutboxRelay relay(relay_pool.get(), *tdkt::common::ParseRedisUrl(redis.url()), relay_options);
  const absl::Time relay_started = absl::Now();
  int relayed = 0;
  while (relayed < options.relay_rows) {
    const int published = OrFail(relay.PublishPending(), "relay pass");
    if (published == 0) break;
    relayed += published;
  }
  const double relay_seconds = absl::ToDoubleSeconds(absl::Now() - relay_started);
  const double relay_rate = relayed / relay_seconds;
  const size_t xadd_bytes = envelope_bytes.size();
  const double xadd_one = RedisBenchmarkXadd(redis, 1, options.relay_rows, xadd_bytes);
  const double xadd_sixteen = RedisBenchmarkXadd(redis, 16, 5 * options.relay_rows, xadd_bytes);
  const std::string load_end = LoadAverage();
  pipeline->StopAll();

  std::cout << "notifier_bench: " << options.seconds << " s at " << options.rate << " transitions/s over "
            << options.dossiers << " dossiers; ListNotifications polled every " << options.poll_ms << " ms; "
            << (options.durable ? "durable commits" : "PostgreSQL fsync off") << "; tdkt-notifier --consumer-threads "
            << options.consumer_threads << "\n"
            << "load average before / after the load / at the end: " << load_before << " / " << load_after_run
            << " / " << load_end << "\n\n";
  std::cout << absl::StrFormat(
      "| what | count | p50 | p99 | max |\n|---|---|---|---|---|\n"
      "| commit → readable with ListNotifications | %d | %.1f ms | %.1f ms | %.1f ms |\n"
      "| commit → arrived on WatchNotifications | %d | %.1f ms | %.1f ms | %.1f ms |\n"
      "| of which commit → on tdkt:events (the relay; entry ids have millisecond resolution) | %d | %.1f ms | "
      "%.1f ms | %.1f ms |\n\n",
      list.count, list.p50, list.p99, list.max, watch.count, watch.p50, watch.p99, watch.max, relay_part.count,
      relay_part.p50, relay_part.p99, relay_part.max);
  std::cout << absl::StrFormat(
      "transitions: %d made in %.1f s (%.1f/s), %d failed, %d started more than 10 ms late; notifications: %d "
      "written, %d never listed, %d never streamed; %d poll failures\n\n",
      made.size(), load_seconds, made.size() / load_seconds, failures.load(), late.load(), notified, unseen_list,
      unseen_watch, poll_failures);
  std::cout << absl::StrFormat(
      "| throughput | rate | vs redis-benchmark, 1 connection |\n|---|---|---|\n"
      "| outbox relay, %d rows of %d bytes (envelope), 200 a pass | %.0f rows/s | %.0f %% |\n"
      "| redis-benchmark XADD, same fields and size, 1 connection | %.0f /s | 100 %% |\n"
      "| redis-benchmark XADD, 16 connections | %.0f /s | %.0f %% |\n\n",
      relayed, xadd_bytes, relay_rate, xadd_one > 0 ? 100 * relay_rate / xadd_one : 0, xadd_one, xadd_sixteen,
      xadd_one > 0 ? 100 * xadd_sixteen / xadd_one : 0);
  std::cout << absl::StrFormat(
      "tdkt-notifier resident memory: %.1f MB idle (after applying the preparation's events), %.1f MB right after "
      "the load, %.1f MB 5 s later; it used %.1f s of CPU during the load (%.2f ms per notification, the "
      "pollers' and streams' calls included)\n",
      idle_rss, loaded_rss, rss_after, notifier_cpu, notified > 0 ? 1000 * notifier_cpu / notified : 0);
  return 0;
}

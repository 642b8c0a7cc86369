#pragma once
// StreamBatchConsumer: reads a Redis stream in a consumer group and hands each batch of entries' "data" fields to
// an apply function (one transaction of the consumer's own); acknowledges (XACK) only after it succeeded, so a
// crash between the two re-delivers entries that the consumer's idempotency then skips. On start it re-reads its
// own pending entries (id "0"), and now and then takes over entries a dead consumer left pending (XAUTOCLAIM). A
// new group starts at the beginning of the stream, so events published before the consumer first ran are not
// lost. The scheduler's deadline consumer and the campaign service's report consumer are both this.
//
//   StreamBatchConsumer consumer(redis_endpoint, {.name = "reports", .group = "campaign-reports",
//                                                 .consumer = "campaign-host-1"},
//                                [&](const std::vector<std::string>& envelopes) { return applier.Apply(envelopes); });
//   consumer.Start();
//   …
//   consumer.Stop();
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "services/common/redis_streams.h"

namespace tdkt::common {

struct StreamBatchConsumerOptions {
  std::string name;  // for log lines, e.g. "scheduler"
  std::string stream = "tdkt:events";
  std::string group;
  std::string consumer;  // unique per replica and stable across its restarts
  int batch_size = 100;
  absl::Duration block = absl::Seconds(1);       // also how soon Stop() is noticed
  absl::Duration claim_idle = absl::Minutes(1);  // entries pending longer than this on another consumer are taken
  absl::Duration max_backoff = absl::Seconds(5);
};

class StreamBatchConsumer {
 public:
  // `envelopes`: the "data" fields of a batch, in stream order (entries without data are skipped). All or
  // nothing: an error means nothing was applied and the same entries come again.
  using ApplyBatch = std::function<absl::Status(const std::vector<std::string>& envelopes)>;

  StreamBatchConsumer(RedisEndpoint redis, StreamBatchConsumerOptions options, ApplyBatch apply);
  ~StreamBatchConsumer();
  StreamBatchConsumer(const StreamBatchConsumer&) = delete;
  StreamBatchConsumer& operator=(const StreamBatchConsumer&) = delete;

  void Start();
  void Stop();

  // Entries acknowledged since start (tests and metrics).
  int64_t acknowledged() const { return acknowledged_; }

 private:
  void Run();
  // Applies and acknowledges entries; false when they must be read again later.
  bool Process(const std::vector<StreamEntry>& entries);
  void TakeOverAbandoned();

  RedisStreams redis_;
  const StreamBatchConsumerOptions options_;
  const ApplyBatch apply_;
  std::atomic<bool> stopping_{false};
  std::atomic<int64_t> acknowledged_{0};
  std::thread thread_;
};

}  // namespace tdkt::common
